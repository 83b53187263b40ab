// Instant rounds (slot spins) through the ledger alone, without sockets or tables: how
// many whole rounds — stake, journal, outcome, settlement — the commit queue settles per
// second, and at what latency. Separates the database's share of the `slots` scenario
// from the server's. Prints a table; asserts nothing.
//   npx node bench/instant.ts [--seconds 5] [--clients 600] [--backends postgres,pglite-memory]
//       [--writer-inflight 1,4,10] [--pool on,off] [--max-batch 256] [--pool-size 10]
// Each client is one player at a table of its own with one spin in flight, as in `slots`.
// `--pool on` feeds one shared jackpot pool (as the server's slots tables feed `mega`).
// PostgreSQL: PITBOSS_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, in a
// throw-away schema.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Ledger } from '../src/ledger/ledger.ts';
import { openThrowawayStore } from './throwaway_store.ts';
import type { InstantRound } from '../src/ledger/rounds/instant.ts';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '5' },
  clients: { type: 'string', default: '600' },
  backends: { type: 'string', default: 'postgres' },
  'writer-inflight': { type: 'string', default: '1,10' },
  pool: { type: 'string', default: 'on' },
  'max-batch': { type: 'string', default: '256' },
  'pool-size': { type: 'string', default: '10' },
} });
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

interface Row { backend: string; writerInFlight: number; pool: boolean; spins: number; perSec: number; p50: number; p99: number; avgBatch: number }

async function run(backend: string, writerInFlight: number, pool: boolean): Promise<Row> {
  const { store, done } = await openThrowawayStore(backend, Number(values['pool-size']));
  try {
    const ledger = new Ledger(store, { nodeId: 'bench', commitQueue: { maxBatch: Number(values['max-batch']), writerInFlight } });
    if (pool) await ledger.jackpots.create({ id: 'bench', currency: 'EUR', contributionBps: 100, seed: 0, ceiling: 1e12 });
    await Promise.all(Array.from({ length: CLIENTS }, (_, p) =>
      ledger.wallet.deposit({ player: `b${p}`, currency: 'EUR', amount: 1e12, key: `dep-${p}` })));
    const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
    let spins = 0;
    const b0 = { ...ledger.commits.stats };
    const start = performance.now();
    const until = start + SECONDS * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, async (_, p) => {
      for (let n = 0; performance.now() < until; n++) {
        const r: InstantRound = {
          roundId: `r${p}-${n}`, game: 'slots', tableId: `t${p}`, rulesVersion: 'slots-1', currency: 'EUR',
          seeds: { serverSeed: `s${p}-${n}`, clientSeed: `c${p}`, nonce: n }, ...(pool ? { jackpotPool: 'bench' } : {}),
          player: `b${p}`, stake: 100, bet: { spin: 100 },
          steps: [{ action: { type: 'act', action: 'spin', bet: 100 }, events: [] }, { action: { type: 'continue' }, events: [{ type: 'spin', win: n % 4 === 0 ? 200 : 0 }] }],
          outcome: { window: [[n % 7]] }, payout: n % 4 === 0 ? 200 : 0,
        };
        const t = performance.now();
        await ledger.rounds.playInstant(r);
        hist.recordValue(Math.max(1, Math.round((performance.now() - t) * 1000)));
        spins++;
      }
    }));
    const ms = performance.now() - start;
    const batches = ledger.commits.stats.batches - b0.batches;
    const check = await ledger.check();
    if (!check.ok || check.sum !== 0) throw new Error(`ledger check failed: ${JSON.stringify(check)}`);
    return {
      backend, writerInFlight, pool, spins, perSec: (spins * 1000) / ms,
      p50: hist.getValueAtPercentile(50) / 1000, p99: hist.getValueAtPercentile(99) / 1000, avgBatch: batches > 0 ? (ledger.commits.stats.units - b0.units) / batches : 0,
    };
  } finally {
    await done();
  }
}

const rows: Row[] = [];
for (const backend of list(values.backends)) {
  for (const pool of list(values.pool).map((x) => x === 'on')) {
    for (const w of list(values['writer-inflight']).map(Number)) rows.push(await run(backend, w, pool));
  }
}
const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`instant rounds through the ledger: ${CLIENTS} clients, one spin in flight each, ${SECONDS} s per row`);
console.log('backend        writerInFlight  jackpot pool  spins/s    p50 ms   p99 ms  avg batch');
for (const r of rows) {
  console.log(`${r.backend.padEnd(15)}${String(r.writerInFlight).padStart(14)}  ${(r.pool ? 'shared' : 'none').padStart(12)}  ${fmt(r.perSec).padStart(7)}  ${fmt(r.p50, 1).padStart(8)} ${fmt(r.p99, 1).padStart(8)}  ${fmt(r.avgBatch, 1).padStart(9)}`);
}
