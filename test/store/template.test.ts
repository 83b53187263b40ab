// The in-memory template: a store opened from the cached tarball is the same migrated,
// empty database a fresh one is, and it is independent of every other store made from it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.ts';
import { listMigrations } from '../../src/store/migrate.ts';

describe('in-memory template', () => {
  it('makes the template once, and every store from it is migrated, empty and its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-template-'));
    try {
      const first = await openStore({ kind: 'pglite-memory', template: dir });
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tar')).length, 1, 'the template was written');
      const second = await openStore({ kind: 'pglite-memory', template: dir });
      for (const s of [first, second]) {
        const applied = await s.query<{ version: number }>('SELECT version FROM pitboss_migrations ORDER BY version');
        assert.deepEqual(applied.map((r) => Number(r.version)), listMigrations().map((m) => m.version));
        assert.deepEqual(await s.query('SELECT count(*)::int AS n FROM accounts'), [{ n: 0 }]);
      }
      await first.query(`INSERT INTO accounts (id, kind, owner, currency) VALUES ('x', 'player', 'p', 'EUR')`);
      assert.deepEqual(await second.query('SELECT count(*)::int AS n FROM accounts'), [{ n: 0 }], 'stores do not share data');
      await first.close();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
