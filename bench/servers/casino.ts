// The real Pitboss server (src/main.ts: supervision tree, ledger with group commit,
// tables, lobby, HTTP edge) as a bench target, for scenarios that play real games.
// `--db memory` uses in-memory PGlite; `--db postgres` a fresh database
// `pitboss_bench` on the local PostgreSQL, dropped and re-created per run so the
// bench never touches another database.
// `--betting-ms N` / `--turn-ms N` shorten the betting window of shared tables and the
// turn clock (PITBOSS_BETTING_MS / PITBOSS_TURN_MS) so a scenario plays more rounds;
// `--hibernate-ms N` the quiet time before a single-player table hibernates.
// The ledger's conservation check is served over the control channel ('ledger-check').
// A node of a bench cluster (bench/harness/nodes.ts): `--db-url <url>` a database the runner
// made (used as it is: several nodes share it), `--redis-url`, `--redis-prefix` and
// `--node-id` turn cluster mode on; the token secret comes in PITBOSS_SECRET (the same on
// every node, so a guest signed up on one node connects to any).
// `bench/servers/pitboss.ts --target tables` boots this same server.
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/main.ts';
import { serveControl, portArg } from './control.ts';

const dbIdx = process.argv.indexOf('--db');
const db = dbIdx >= 0 ? process.argv[dbIdx + 1] : 'memory';
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PG_ADMIN = process.env.PITBOSS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshPostgres(): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query('DROP DATABASE IF EXISTS pitboss_bench WITH (FORCE)');
    await c.query('CREATE DATABASE pitboss_bench');
  } finally {
    await c.end();
  }
  const url = new URL(PG_ADMIN);
  url.pathname = '/pitboss_bench';
  return url.toString();
}

const url = arg('--db-url') ?? (db === 'postgres' ? await freshPostgres() : 'memory://');
const server = await startServer(loadConfig({
  DATABASE_URL: url, PORT: String(portArg()), HOST: '127.0.0.1', LOG_LEVEL: 'silent',
  PITBOSS_GUEST_BALANCE: String(1e11),
  // Every bench player comes from 127.0.0.1, so the per-address buckets (meant for
  // one person's address) are raised; the per-player action limit stays default (but see below).
  PITBOSS_RATE_GUESTS: '1000000/60s', PITBOSS_RATE_CONNECTS: '1000000/10s', PITBOSS_RATE_JOINS: '1000000/10s',
  // Chat per player (default 5/10 s) is raised: fanout with `--target tables` broadcasts
  // through table chat at rates far above one person's typing.
  PITBOSS_RATE_CHAT: '1000000/10s',
  // The slots scenario measures the ledger, not one person's clicking: with
  // `--unlimited-actions` a player may spin faster than the default 20/s allows.
  ...(process.argv.includes('--unlimited-actions') ? { PITBOSS_RATE_ACTIONS: '1000000/1s' } : {}),
  // Passed through for comparisons: the ledger on its own thread or not, the pool's size.
  PITBOSS_LEDGER_THREAD: process.env['PITBOSS_LEDGER_THREAD'], PITBOSS_DB_POOL: process.env['PITBOSS_DB_POOL'],
  PITBOSS_BETTING_MS: arg('--betting-ms'), PITBOSS_TURN_MS: arg('--turn-ms'),
  // `--hibernate-ms N`: idle scenarios measure tables past their hibernation without waiting the default 30 s.
  PITBOSS_TABLE_HIBERNATE_MS: arg('--hibernate-ms'),
  REDIS_URL: arg('--redis-url'), PITBOSS_REDIS_PREFIX: arg('--redis-prefix'), PITBOSS_NODE_ID: arg('--node-id'),
  PITBOSS_SECRET: process.env['PITBOSS_SECRET'],
}));
serveControl(server.port, {
  connections: () => server.services.endpoint?.stats().sockets ?? 0,
  rooms: () => server.services.endpoint?.stats().channels.byPrefix['table'] ?? 0,
  ledgerCheck: async () => ({ ...(await server.services.ledger!.check()) }),
});

// `kill -USR2 <pid>`: a line of the server's queues on stderr (a stalled run, looked at from outside).
process.on('SIGUSR2', () => {
  void Promise.resolve(server.services.ledger?.queues()).then((q) => process.stderr.write(`diag: ${JSON.stringify(q ?? null)}\n`));
});
