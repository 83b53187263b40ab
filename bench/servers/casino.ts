// The real Pitboss server (src/main.ts: supervision tree, ledger with group commit,
// tables, lobby, HTTP edge) as a bench target, for scenarios that play real games.
// `--db memory` uses in-memory PGlite; `--db postgres` a fresh database
// `pitboss_bench` on the local PostgreSQL, dropped and re-created per run so the
// bench never touches another database.
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/main.ts';
import { serveControl, portArg } from './control.ts';

const dbIdx = process.argv.indexOf('--db');
const db = dbIdx >= 0 ? process.argv[dbIdx + 1] : 'memory';
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

const url = db === 'postgres' ? await freshPostgres() : 'memory://';
const server = await startServer(loadConfig({
  DATABASE_URL: url, PORT: String(portArg()), HOST: '127.0.0.1', LOG_LEVEL: 'silent',
  PITBOSS_GUEST_BALANCE: String(1e11),
  // Every bench player comes from 127.0.0.1, so the per-address buckets (meant for
  // one person's address) are raised; the per-player action limit stays default.
  PITBOSS_RATE_GUESTS: '1000000/60s', PITBOSS_RATE_CONNECTS: '1000000/10s', PITBOSS_RATE_JOINS: '1000000/10s',
}));
serveControl(server.port, {
  connections: () => server.services.endpoint?.stats().sockets ?? 0,
  rooms: () => server.services.endpoint?.stats().channels.byPrefix['table'] ?? 0,
});
