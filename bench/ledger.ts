// Ledger throughput: settled bets per second (a bet = open a round with the stake moved
// to escrow, then settle it — two ledger transactions) on PGlite and PostgreSQL, with
// and without group commit. Prints a table; asserts nothing.
// Each client is one table (a table plays its rounds one after another, as a table
// process does), betting for players drawn from a shared pool.
//   npx node bench/ledger.ts [--seconds 5] [--clients 64] [--players 200] [--backends pglite,pglite-memory,postgres] [--inflight N]
// PostgreSQL: PITBOSS_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, in a
// throw-away schema.
import { parseArgs } from 'node:util';
import { Ledger } from '../src/ledger/ledger.ts';
import { openThrowawayStore } from './throwaway_store.ts';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '5' },
  clients: { type: 'string', default: '64' },
  players: { type: 'string', default: '200' },
  backends: { type: 'string', default: 'pglite,postgres' },
  inflight: { type: 'string' },
} });
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const PLAYERS = Number(values.players);
/** Group-commit batches in flight at once (default: the store's connection count). */
const INFLIGHT = values.inflight === undefined ? undefined : Number(values.inflight);

async function run(backend: string, groupCommit: boolean): Promise<{ bets: number; perSecond: number }> {
  const { store, done } = await openThrowawayStore(backend, 16);
  try {
    const ledger = new Ledger(store, { groupCommit: groupCommit ? { maxBatch: 64, maxInFlight: INFLIGHT ?? store.concurrency } : false, nodeId: 'bench' });
    await Promise.all(Array.from({ length: PLAYERS }, (_, p) =>
      ledger.wallet.deposit({ player: `b${p}`, currency: 'EUR', amount: 1_000_000_000, key: `dep-${p}` })));
    let bets = 0;
    let seq = 0;
    const deadline = performance.now() + SECONDS * 1000;
    const start = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < deadline) {
        const id = `r${seq++}`;
        const player = `b${(c + seq * 7) % PLAYERS}`;
        await ledger.rounds.open({ roundId: id, game: 'test-dice', tableId: `t${c}`, rulesVersion: '1', currency: 'EUR',
          seeds: { serverSeed: id, clientSeed: 'c', nonce: seq }, stakes: [{ player, amount: 100, bet: { pick: 'high' } }] });
        await ledger.rounds.settle(id, { outcome: { n: seq }, payouts: { [player]: seq % 2 ? 200 : 0 } });
        bets++;
      }
    }));
    const elapsed = (performance.now() - start) / 1000;
    const check = await ledger.check();
    if (!check.ok || check.open_rounds !== 0) throw new Error(`ledger check failed after the run: ${JSON.stringify(check)}`);
    return { bets, perSecond: bets / elapsed };
  } finally {
    await done();
  }
}

const rows: string[][] = [];
for (const backend of values.backends.split(',')) {
  for (const gc of [false, true]) {
    process.stderr.write(`${backend}, group commit ${gc ? 'on' : 'off'}…\n`);
    const r = await run(backend, gc);
    rows.push([backend, gc ? 'on' : 'off', String(r.bets), r.perSecond.toFixed(0)]);
  }
}
const head = ['backend', 'group commit', 'settled bets', 'settled bets/s'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`${CLIENTS} concurrent clients, ${PLAYERS} players, ${SECONDS} s per run (open + settle per bet)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
