// The commit queue's pacing against a store with several connections: how many batches of
// one set writer run at once, and the order of a batch's parts. A recording store stands in
// for the connections so the overlap is observed exactly; the same queue against real
// PostgreSQL is exercised by test/ledger/instant.test.ts ("several batches in flight").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommitter, type SetWriter } from '../../src/store/group-commit.ts';
import type { Store, Tx } from '../../src/store/types.ts';

/** A store with `concurrency` connections whose transactions run their function and record each statement. */
function recordingStore(concurrency: number) {
  const log: string[] = [];
  const tx: Tx = {
    query: async (sql: string) => {
      log.push(sql.split(' ').slice(0, 3).join(' '));
      return [];
    },
    exec: async () => {},
  };
  const store = { kind: 'postgres', concurrency, transaction: <T>(fn: (t: Tx) => Promise<T>) => fn(tx) } as unknown as Store;
  return { store, log };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('GroupCommitter pacing', () => {
  it('runs up to writerInFlight batches of one writer at once; the next waits for one of them to end', async () => {
    const { store } = recordingStore(4);
    const gc = new GroupCommitter(store, { maxInFlight: 4, writerInFlight: 2, lingerMs: 0 });
    const gates: Array<() => void> = [];
    const calls: number[][] = [];
    const writer: SetWriter<number, number> = {
      async many(_tx, items) {
        calls.push(items);
        await new Promise<void>((r) => gates.push(r));
        return items.map((k) => ({ ok: true, value: k }));
      },
      one: () => Promise.reject(new Error('not used')),
    };
    const answers: Array<Promise<number>> = [];
    for (const k of [0, 1, 2, 3]) {
      answers.push(gc.write(writer, k));
      await turn(); // each leaves as its own batch if the writer may take it
    }
    assert.deepEqual(calls, [[0], [1]], 'two batches in flight, the others wait');
    gates[0]();
    while (calls.length < 3) await turn();
    assert.deepEqual(calls, [[0], [1], [2, 3]], 'one ended: the waiting items leave together');
    for (const g of gates.slice(1)) g();
    assert.deepEqual(await Promise.all(answers), [0, 1, 2, 3]);
    assert.equal(gc.stats.overlapped, 2);
  });

  it('runs a batch\'s set writers before its units, and bounds lock waits only from the first unit on', async () => {
    const { store, log } = recordingStore(4);
    const gc = new GroupCommitter(store, { maxInFlight: 1, lingerMs: 0 });
    const writer: SetWriter<number, string> = {
      async many(t, items) {
        await t.query('INSERT INTO items_by_writer');
        return items.map(() => ({ ok: true, value: 'set' }));
      },
      one: async () => 'one',
    };
    const unit = gc.run(async (t) => {
      await t.query('INSERT INTO by_unit');
      return 'unit';
    });
    const item = gc.write(writer, 1);
    assert.deepEqual(await Promise.all([unit, item]), ['unit', 'set']);
    assert.deepEqual(log, [
      'SAVEPOINT gc_unit', 'INSERT INTO items_by_writer', 'RELEASE SAVEPOINT gc_unit',
      'SET LOCAL lock_timeout', 'SAVEPOINT gc_unit', 'INSERT INTO by_unit', 'RELEASE SAVEPOINT gc_unit',
    ]);
  });
});
