// The permission table has one source, GRANTS; docs/operations.md shows it to people.
// This holds the two together, so the page never promises a role more or less than it has.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GRANTS, PERMISSIONS, may } from '../../src/casino/index.ts';
import { STAFF_ROLES } from '../../src/ledger/index.ts';

const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

describe('The permission table', () => {
  it('is shown exactly in docs/operations.md: every permission, its meaning, and who has it', () => {
    const block = /<!-- grants:begin -->\n([\s\S]*?)<!-- grants:end -->/.exec(doc);
    assert.ok(block, 'the grants block is in docs/operations.md');
    const rows = block[1]!.trim().split('\n');
    const head = rows[0]!.split('|').map((c) => c.trim()).filter(Boolean);
    assert.deepEqual(head.slice(2), [...STAFF_ROLES]);
    const shown: Record<string, { what: string; roles: string[] }> = {};
    for (const row of rows.slice(2)) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const name = cells[0]!.replaceAll('`', '');
      shown[name] = { what: cells[1]!, roles: STAFF_ROLES.filter((_r, i) => cells[2 + i] === '✓') };
    }
    const want = Object.fromEntries(Object.entries(GRANTS).map(([p, roles]) => [p, { what: PERMISSIONS[p as keyof typeof PERMISSIONS], roles: [...roles] }]));
    assert.deepEqual(shown, want);
  });

  it('answers from GRANTS alone, and gives the administrator every permission', () => {
    for (const p of Object.keys(GRANTS) as Array<keyof typeof GRANTS>) {
      for (const r of STAFF_ROLES) assert.equal(may(r, p), GRANTS[p].includes(r));
      assert.ok(may('administrator', p), p);
    }
    assert.equal(may('technician', 'audit.view'), false);
    assert.equal(may('operator', 'system.view'), false);
  });
});
