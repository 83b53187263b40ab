// Opens the database a StoreTarget names and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import type { Store } from './types.ts';
import { PgliteStore } from './pglite.ts';
import { PostgresStore } from './postgres.ts';
import { migrate } from './migrate.ts';
import { openFromTemplate } from './template.ts';

/**
 * Which database to open. The store says what it can open and the caller passes it in
 * (src/config.ts builds one from the environment): the store reads no configuration.
 */
export type StoreTarget =
  | { kind: 'pglite'; dataDir: string }
  /** `template`: a folder where a migrated empty database is cached, so the next in-memory store starts from it (tests) */
  | { kind: 'pglite-memory'; template?: string }
  | { kind: 'postgres'; url: string };

export interface OpenOptions {
  /** PostgreSQL only: schema to use on every connection (tests). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolSize?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

export async function openStore(db: StoreTarget, opts: OpenOptions = {}): Promise<Store> {
  // PGlite creates only the last path segment; a fresh ./data must exist first.
  if (db.kind === 'pglite') mkdirSync(db.dataDir, { recursive: true });
  const store =
    db.kind === 'postgres'
      ? await PostgresStore.open({ url: db.url, schema: opts.schema, max: opts.poolSize })
      : db.kind === 'pglite-memory' && db.template !== undefined
        ? await openFromTemplate(db.template)
        : await PgliteStore.open(db.kind === 'pglite' ? db.dataDir : undefined);
  if (opts.migrate !== false) {
    try {
      await migrate(store);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}
