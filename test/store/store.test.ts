// The Store conformance suite: every adapter must pass it unchanged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from './backends.ts';
import { migrate, listMigrations } from '../../src/store/migrate.ts';
import { GroupCommitter } from '../../src/store/group-commit.ts';

describe('Store', () => {
  forEachStore((ctx) => {
    it('applies every numbered migration once and is a no-op the second time', async () => {
      const rows = await ctx.store.query<{ version: number }>('SELECT version FROM pitboss_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), listMigrations().map((m) => m.version));
      assert.deepEqual(await migrate(ctx.store), []);
    });

    it('returns int8 as a number and refuses values beyond 2^53', async () => {
      const [r] = await ctx.store.query<{ n: number }>('SELECT 9007199254740991::bigint AS n');
      assert.equal(r.n, Number.MAX_SAFE_INTEGER);
      await assert.rejects(ctx.store.query('SELECT 9007199254740993::bigint AS n'), RangeError);
    });

    it('commits a transaction and rolls back one that throws', async () => {
      await ctx.store.exec('CREATE TABLE t_tx (k text PRIMARY KEY, v int)');
      await ctx.store.transaction((tx) => tx.query("INSERT INTO t_tx VALUES ('a', 1)"));
      await assert.rejects(ctx.store.transaction(async (tx) => {
        await tx.query("INSERT INTO t_tx VALUES ('b', 2)");
        throw new Error('boom');
      }), /boom/);
      const rows = await ctx.store.query<{ k: string }>('SELECT k FROM t_tx ORDER BY k');
      assert.deepEqual(rows.map((r) => r.k), ['a']);
    });

    it('re-runs a transaction aborted by a serialization failure, a bounded number of times', async () => {
      let attempts = 0;
      const v = await ctx.store.transaction(async () => {
        attempts++;
        if (attempts < 3) throw Object.assign(new Error('could not serialize'), { code: '40001' });
        return 'done';
      });
      assert.equal(v, 'done');
      assert.equal(attempts, 3);
      attempts = 0;
      await assert.rejects(ctx.store.transaction(async () => {
        attempts++;
        throw Object.assign(new Error('deadlock'), { code: '40P01' });
      }, { retries: 2 }), /deadlock/);
      assert.equal(attempts, 3);
    });

    it('survives a real lock-order deadlock between two transactions', async () => {
      await ctx.store.exec("CREATE TABLE t_dl (k text PRIMARY KEY, v int); INSERT INTO t_dl VALUES ('x', 0), ('y', 0)");
      const bump = (first: string, second: string) => ctx.store.transaction(async (tx) => {
        await tx.query('UPDATE t_dl SET v = v + 1 WHERE k = $1', [first]);
        await new Promise((r) => setTimeout(r, 50));
        await tx.query('UPDATE t_dl SET v = v + 1 WHERE k = $1', [second]);
      });
      await Promise.all([bump('x', 'y'), bump('y', 'x')]);
      const rows = await ctx.store.query<{ v: number }>('SELECT v FROM t_dl ORDER BY k');
      assert.deepEqual(rows.map((r) => r.v), [2, 2]);
    });

    it('group commit: shares commits, isolates a failing unit, and reports only committed work', async () => {
      await ctx.store.exec('CREATE TABLE t_gc (k int PRIMARY KEY)');
      const gc = new GroupCommitter(ctx.store, { maxBatch: 16, maxInFlight: 1 });
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => gc.run(async (tx) => {
        if (i % 10 === 7) throw new Error(`unit ${i} refused`);
        await tx.query('INSERT INTO t_gc VALUES ($1)', [i]);
        return i;
      })));
      assert.equal(results.filter((r) => r.status === 'rejected').length, 10);
      const [{ n }] = await ctx.store.query<{ n: number }>('SELECT count(*)::bigint AS n FROM t_gc');
      assert.equal(n, 90);
      assert.ok(gc.stats.batches < 100 && gc.stats.batches >= 100 / 16, `batches ${gc.stats.batches}`);
      // A unit whose SQL fails (duplicate key) only loses its own savepoint.
      const dup = await Promise.allSettled([1, 1000, 2].map((k) => gc.run((tx) => tx.query('INSERT INTO t_gc VALUES ($1)', [k]))));
      assert.deepEqual(dup.map((r) => r.status), ['rejected', 'fulfilled', 'rejected']);
      assert.equal((await ctx.store.query('SELECT 1 FROM t_gc WHERE k = 1000')).length, 1);
    });
  });
});
