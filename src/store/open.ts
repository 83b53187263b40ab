// Opens the store a Config names and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import type { Database } from '../config.ts';
import type { Store } from './types.ts';
import { PgliteStore } from './pglite.ts';
import { PostgresStore } from './postgres.ts';
import { migrate } from './migrate.ts';
import { openFromTemplate } from './template.ts';

export interface OpenOptions {
  /** PostgreSQL only: schema to use on every connection (tests). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolSize?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

export async function openStore(db: Database, opts: OpenOptions = {}): Promise<Store> {
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
