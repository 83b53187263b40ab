import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';

describe('Audit log', () => {
  forEachStore((ctx) => {
    // Tampering needs the append-only trigger out of the way, as an attacker with DBA rights would do.
    const tamper = async (sql: string, params: unknown[] = []) => {
      await ctx.store.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await tx.query(sql, params);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      });
    };
    const problems = async (l: Ledger) => (await l.verifyAudit()).problems.map((p) => `${p.seq}:${p.problem}`);

    it('chains rows with who/when/before/after and verifies them', async () => {
      const l = new Ledger(ctx.store);
      await Promise.all(Array.from({ length: 20 }, (_, i) => l.audit({ actor: `staff-${i % 3}`, action: 'config_change', subject: 'table:7',
        before: { max_bet: i, nested: { b: 1, a: [1, 'x'] } }, after: { max_bet: i + 1 } })));
      const v = await l.verifyAudit();
      assert.deepEqual(v, { ok: true, rows: 20, problems: [] });
      await assert.rejects(ctx.store.query('UPDATE audit_log SET actor = $1', ['eve']), /append-only/);
    });

    it('exports CSV and JSON lines', async () => {
      const l = new Ledger(ctx.store);
      await l.audit({ actor: 'ops, "night"', action: 'disable', subject: 'game:dice', before: { on: true }, after: { on: false } });
      let csv = '';
      const n = await l.exportAudit('csv', (s) => { csv += s; });
      const lines = csv.trimEnd().split('\n');
      assert.equal(lines[0], 'seq,at,actor,action,subject,before,after,prev_hash,hash');
      assert.equal(lines.length, n + 1);
      assert.match(lines.at(-1)!, /^21,[^,]+,"ops, ""night""",disable,game:dice,"\{""on"":true\}","\{""on"":false\}",[0-9a-f]{64},[0-9a-f]{64}$/);
      let jsonl = '';
      await l.exportAudit('jsonl', (s) => { jsonl += s; });
      const rows = jsonl.trimEnd().split('\n').map((x) => JSON.parse(x));
      assert.equal(rows.length, n);
      assert.equal(rows.at(-1).actor, 'ops, "night"');
    });

    it('finds an edited, an inserted and a deleted row, and a truncated tail', async () => {
      const l = new Ledger(ctx.store);
      assert.deepEqual(await problems(l), []);
      const [orig] = await ctx.store.query<{ after: string }>('SELECT after FROM audit_log WHERE seq = 5');
      await tamper("UPDATE audit_log SET after = '{\"max_bet\":999}' WHERE seq = 5");
      assert.deepEqual(await problems(l), ['5:hash_mismatch']);
      await tamper('UPDATE audit_log SET after = $1 WHERE seq = 5', [orig.after]); // put it back exactly
      assert.deepEqual(await problems(l), []);
      await tamper('DELETE FROM audit_log WHERE seq = 9');
      assert.deepEqual(await problems(l), ['10:gap', '10:broken_link']);
      await tamper(`INSERT INTO audit_log SELECT 9, at, actor, action, subject, before, after, prev_hash, hash FROM audit_log WHERE seq = 8`);
      assert.deepEqual(await problems(l), ['9:broken_link', '9:hash_mismatch', '10:broken_link']);
      await tamper('DELETE FROM audit_log WHERE seq >= 9');
      assert.deepEqual(await problems(l), ['8:head_mismatch']);
    });
  });
});
