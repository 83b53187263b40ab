// The Store conformance suite: every adapter must pass it unchanged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from './backends.ts';
import { migrate, listMigrations } from '../../src/store/migrate.ts';
import { GroupCommitter, type SetOutcome, type SetWriter } from '../../src/store/group-commit.ts';

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
    it('group commit: a set writer gets the queued items in one call beside the units; refusals stay theirs, what it hands back is written alone, in order', async () => {
      await ctx.store.exec('CREATE TABLE t_sw (seq serial PRIMARY KEY, k int UNIQUE NOT NULL, how text NOT NULL)');
      const gc = new GroupCommitter(ctx.store, { maxBatch: 64, maxInFlight: 1 });
      const calls: number[][] = [];
      // Refuses k ≡ 3 (mod 10), hands back k ≡ 7, writes the rest with one statement.
      const writer: SetWriter<number, string> = {
        async many(tx, items) {
          calls.push(items);
          const out = items.map((k): SetOutcome<string> => (k % 10 === 3 ? { ok: false, error: new Error(`refused ${k}`) } : k % 10 === 7 ? { ok: 'alone' } : { ok: true, value: 'set' }));
          await tx.query(`INSERT INTO t_sw (k, how) SELECT k, 'set' FROM unnest($1::int[]) AS k`, [items.filter((_, i) => out[i].ok === true)]);
          return out;
        },
        async one(tx, k) {
          await tx.query(`INSERT INTO t_sw (k, how) VALUES ($1, 'one')`, [k]);
          return 'one';
        },
      };
      const unit = gc.run((tx) => tx.query(`INSERT INTO t_sw (k, how) VALUES (1000, 'unit')`));
      const failing = assert.rejects(gc.run(() => Promise.reject(new Error('unit refused'))), /unit refused/);
      const items = Array.from({ length: 30 }, (_, k) => gc.write(writer, k));
      const res = await Promise.allSettled(items);
      assert.deepEqual(res.map((r) => (r.status === 'fulfilled' ? r.value : 'refused')),
        Array.from({ length: 30 }, (_, k) => (k % 10 === 3 ? 'refused' : k % 10 === 7 ? 'one' : 'set')));
      await unit;
      await failing;
      assert.deepEqual(calls, [Array.from({ length: 30 }, (_, k) => k)], 'one call with every item, in order');
      assert.equal(gc.stats.batches, 1, 'units and items shared one commit');
      const rows = await ctx.store.query<{ k: number; how: string }>('SELECT k, how FROM t_sw ORDER BY seq');
      assert.deepEqual(rows.filter((r) => r.how !== 'set'), [{ k: 1000, how: 'unit' }, { k: 7, how: 'one' }, { k: 17, how: 'one' }, { k: 27, how: 'one' }]);
      // A writer whose call throws sends every item alone, and the units beside it commit.
      const broken: SetWriter<number, string> = { many: () => Promise.reject(new Error('set failed')), one: writer.one };
      const more = await Promise.all([gc.run((tx) => tx.query(`INSERT INTO t_sw (k, how) VALUES (1001, 'unit')`).then(() => 'unit')), ...[40, 41].map((k) => gc.write(broken, k))]);
      assert.deepEqual(more, ['unit', 'one', 'one']);
    });

    it('group commit: with writerInFlight 1 a set writer\'s batches go one at a time; its items wait in the queue while one is in flight', async () => {
      await ctx.store.exec('CREATE TABLE t_sw2 (k int PRIMARY KEY)');
      const gc = new GroupCommitter(ctx.store, { maxInFlight: 4, writerInFlight: 1, lingerMs: 0 });
      const calls: number[][] = [];
      let open!: () => void;
      const gate = new Promise<void>((r) => { open = r; });
      const writer: SetWriter<number, number> = {
        async many(tx, items) {
          calls.push(items);
          if (calls.length === 1) await gate;
          await tx.query('INSERT INTO t_sw2 SELECT unnest($1::int[])', [items]);
          return items.map((k) => ({ ok: true, value: k }));
        },
        one: () => Promise.reject(new Error('not used')),
      };
      const first = [0, 1, 2].map((k) => gc.write(writer, k));
      while (calls.length === 0) await new Promise((r) => setImmediate(r));
      // One turn each: with free slots, each would leave as a batch of its own were the writer not busy.
      const later: Array<Promise<number>> = [];
      for (const k of [3, 4, 5]) {
        later.push(gc.write(writer, k));
        await new Promise((r) => setImmediate(r));
      }
      assert.deepEqual(calls, [[0, 1, 2]]);
      open();
      assert.deepEqual(await Promise.all([...first, ...later]), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(calls, [[0, 1, 2], [3, 4, 5]]);
    });
  });
});
