// A store for a ledger benchmark that leaves nothing behind: PostgreSQL in a schema of its
// own (PITBOSS_BENCH_DATABASE_URL or the local server), dropped afterwards; PGlite on a
// temporary folder or in memory. Shared by bench/ledger.ts and bench/instant.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import type { Database } from '../src/config.ts';

export const PG_URL = process.env.PITBOSS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** `backend`: postgres, pglite (on disk) or pglite-memory; `done` closes it and removes what it made. */
export async function openThrowawayStore(backend: string, poolSize: number): Promise<{ store: Store; done: () => Promise<void> }> {
  if (backend === 'postgres') {
    const schema = `pb_bench_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE SCHEMA ${schema}`);
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema, poolSize });
    return { store, done: async () => { await store.close(); await admin(`DROP SCHEMA ${schema} CASCADE`); } };
  }
  const dir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'pb-bench-')) : null;
  const db: Database = dir ? { kind: 'pglite', dataDir: dir } : { kind: 'pglite-memory' };
  const store = await openStore(db);
  return { store, done: async () => { await store.close(); if (dir) rmSync(dir, { recursive: true, force: true }); } };
}
