// The shared-suite harness: forEachStore(body) describes `body` once per backend —
// PGlite in memory and the PostgreSQL server on 127.0.0.1:5432 — with one store per
// file. PostgreSQL tests run in a private schema (search_path on every pooled
// connection) dropped afterwards. If PostgreSQL is unreachable its half FAILS: CI
// (.ci/run) starts the server, so a skip would only hide a broken setup.
import { after, before, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../../src/store/types.ts';
import { openStore } from '../../src/store/open.ts';

export const PG_URL = process.env.PITBOSS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BACKENDS = ['pglite-memory', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface TestStore {
  store: Store;
  schema: string | null;
  close(): Promise<void>;
}

export async function createSchema(): Promise<string> {
  const schema = `pb_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await c.end();
  }
  return schema;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

export async function openTestStore(backend: Backend, poolSize = 8): Promise<TestStore> {
  if (backend === 'pglite-memory') {
    const template = process.env['PITBOSS_PGLITE_TEMPLATE'];
    const store = await openStore({ kind: 'pglite-memory', ...(template ? { template } : {}) });
    return { store, schema: null, close: () => store.close() };
  }
  const schema = await createSchema();
  const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema, poolSize });
  return { store, schema, close: async () => { await store.close(); await dropSchema(schema); } };
}

export interface StoreContext {
  backend: Backend;
  readonly store: Store;
}

export function forEachStore(body: (ctx: StoreContext) => void, opts: { poolSize?: number } = {}): void {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      let ts: TestStore | undefined;
      const ctx: StoreContext = {
        backend,
        get store(): Store {
          if (!ts) throw new Error(`${backend} store was not opened (see the before hook's error)`);
          return ts.store;
        },
      };
      before(async () => {
        ts = await openTestStore(backend, opts.poolSize);
      });
      after(async () => {
        await ts?.close();
      });
      body(ctx);
    });
  }
}
