// The hall's configuration as rows (migration 111), on PGlite and PostgreSQL: one version
// sequence across scopes, each change audited with before and after in its transaction,
// a change made on a stale read refused, rows that cannot be edited, terminals' acks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { PitbossError } from '../../src/errors.ts';

describe('Hall configuration versions', () => {
  forEachStore((ctx) => {
    it('numbers changes of every scope in one sequence, audits before and after, and refuses a change made on a stale read', async () => {
      const l = new Ledger(ctx.store);
      await l.jackpots.create({ id: 'HC', currency: 'EUR', contributionBps: 100, seed: 0 });
      const base = { min_bet: 10, max_bet: 100 };
      const c1 = await l.configs.change({ scope: 'game:roulette', value: { min_bet: 10, max_bet: 50 }, base, actor: 'staff:ann', expect: base });
      const c2 = await l.configs.changeJackpot({ pool: 'HC', contributionBps: 200, actor: 'staff:ann' });
      const c3 = await l.configs.change({ scope: 'game:roulette', value: { min_bet: 20, max_bet: 50 }, base, actor: 'staff:bob', expect: { min_bet: 10, max_bet: 50 } });
      assert.deepEqual([c1.row.version, c2.row.version, c3.row.version], [1, 2, 3]);
      assert.deepEqual([c1.before, c3.before], [base, { min_bet: 10, max_bet: 50 }]);
      assert.deepEqual(c2.before, { contribution_bps: 100 });
      assert.equal((await l.jackpots.get('HC'))!.contributionBps, 200);

      // Patched from what it read before c3: c3 would be overwritten unseen.
      await assert.rejects(l.configs.change({ scope: 'game:roulette', value: { min_bet: 10, max_bet: 60 }, base, actor: 'staff:ann', expect: { min_bet: 10, max_bet: 50 } }),
        (e) => e instanceof PitbossError && e.reason === 'invalid_action');
      await assert.rejects(l.configs.change({ scope: 'game:roulette', value: { min_bet: 20, max_bet: 50 }, base, actor: 'staff:ann' }), /no change/);
      await assert.rejects(l.configs.changeJackpot({ pool: 'nope', contributionBps: 5, actor: 'staff:ann' }), (e) => e instanceof PitbossError && e.reason === 'not_found');

      const latest = await l.configs.latest();
      assert.equal(latest.version, 3, 'refused changes took no version');
      assert.deepEqual(latest.rows.map((r) => [r.scope, r.version, r.value]), [['game:roulette', 3, { min_bet: 20, max_bet: 50 }], ['jackpot:HC', 2, { contribution_bps: 200 }]]);
      assert.deepEqual((await l.configs.history({ limit: 2 })).map((r) => r.version), [3, 2]);
      assert.deepEqual((await l.configs.history({ scope: 'game:roulette', before: 3, limit: 10 })).map((r) => [r.version, r.actor]), [[1, 'staff:ann']]);

      const audit = await ctx.store.query<{ actor: string; subject: string; before: string; after: string }>(
        "SELECT actor, subject, before, after FROM audit_log WHERE action = 'config_change' AND actor LIKE 'staff:%' ORDER BY seq");
      assert.deepEqual(audit.map((a) => [a.actor, a.subject, JSON.parse(a.before), JSON.parse(a.after)['version']]), [
        ['staff:ann', 'game:roulette', base, 1],
        ['staff:ann', 'jackpot:HC', { id: 'HC', currency: 'EUR', contributionBps: 100, seed: 0, ceiling: null, mustHitBy: null }, 2],
        ['staff:bob', 'game:roulette', { min_bet: 10, max_bet: 50 }, 3],
      ]);
      assert.equal((await l.verifyAudit()).ok, true);
      await assert.rejects(ctx.store.query("UPDATE config_versions SET value = '{}' WHERE version = 1"), /append-only|append only/i);
      await assert.rejects(ctx.store.query('DELETE FROM config_versions WHERE version = 1'), /append-only|append only/i);
    });

    it('records the version each terminal last acknowledged', async () => {
      const l = new Ledger(ctx.store);
      await ctx.store.query("INSERT INTO terminals (id, currency, secret_hash) VALUES ('t-1', 'EUR', 'x'), ('t-2', 'EUR', 'x')");
      await l.configs.ack('t-1', 1);
      await l.configs.ack('t-1', 3);
      await l.configs.ack('t-2', 2);
      assert.deepEqual((await l.configs.acks()).map((a) => [a.terminalId, a.version]), [['t-1', 3], ['t-2', 2]]);
      await assert.rejects(l.configs.ack('t-unknown', 1), 'only a registered terminal acknowledges');
    });
  });
});
