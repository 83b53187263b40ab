// The cost of the thread hop of the PGlite store (src/store/pglite.ts): the same
// statements on PGlite in this thread and through the worker-backed store, one at a
// time. Reports per statement: wall time, main-thread busy time (event loop
// utilization: what the thread serving sockets pays) and CPU time of the whole process
// (both threads). Prints a table; asserts nothing.
//   node bench/store_hop.ts [--n 2000] [--worker-first]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { openStore } from '../src/store/open.ts';
import { INT8_OID, parseInt8 } from '../src/store/parsers.ts';
import type { Tx } from '../src/store/types.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '2000' }, 'worker-first': { type: 'boolean', default: false } } });
const N = Number(values.n);

interface Db {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  transaction(fn: (tx: Pick<Tx, 'query'>) => Promise<unknown>): Promise<unknown>;
}

const CASES: Array<{ name: string; per: number; run: (db: Db, i: number) => Promise<unknown> }> = [
  { name: 'SELECT 1', per: 1, run: (db) => db.query('SELECT 1 AS n') },
  { name: '100 rows of 3 columns', per: 1, run: (db) => db.query(`SELECT g AS n, g::bigint * 1000 AS m, 'row ' || g AS s FROM generate_series(1, 100) g`) },
  { name: 'INSERT', per: 1, run: (db, i) => db.query('INSERT INTO hop VALUES ($1, $2)', [i, 'x']) },
  {
    name: 'transaction of 3 statements', per: 1, run: (db, i) => db.transaction(async (tx) => {
      await tx.query('UPDATE hop SET v = $2 WHERE k = $1', [i, 'y']);
      await tx.query('SELECT v FROM hop WHERE k = $1', [i]);
      await tx.query('UPDATE hop SET v = $2 WHERE k = $1', [i, 'z']);
    }),
  },
];

async function measure(label: string, db: Db): Promise<void> {
  await db.query('CREATE TABLE hop (k int PRIMARY KEY, v text)');
  for (const c of CASES) {
    for (let i = 0; i < 300; i++) await c.run(db, -1 - i - 1000 * CASES.indexOf(c)); // warm up (JIT, PGlite caches)
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await c.run(db, i);
    const wall = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    const us = (ms: number) => ((ms * 1000) / N).toFixed(1).padStart(8);
    console.log(`${label.padEnd(10)} ${c.name.padEnd(28)} ${us(wall)} µs  ${us(elu.active)} µs  ${us((cpu.user + cpu.system) / 1000)} µs`);
  }
}

console.log(`${N} statements each, one at a time`);
console.log(`${'store'.padEnd(10)} ${'statement'.padEnd(28)} ${'wall'.padStart(11)}  ${'main busy'.padStart(11)}  ${'process CPU'.padStart(11)}`);

async function inThread(): Promise<void> {
  const db = await PGlite.create(undefined, { parsers: { [INT8_OID]: parseInt8 } });
  await measure('in-thread', {
    query: (sql, params) => db.query(sql, params).then((r) => r.rows),
    transaction: (fn) => db.transaction((t) => fn({ query: (sql, params) => t.query(sql, params).then((r) => r.rows) as never })),
  });
  await db.close();
}

async function worker(): Promise<void> {
  const store = await openStore({ kind: 'pglite-memory' }, { migrate: false });
  await measure('worker', store);
  await store.close();
}

for (const run of values['worker-first'] ? [worker, inThread] : [inThread, worker]) await run();
