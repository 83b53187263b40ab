// PGlite adapter: PostgreSQL compiled to WASM, in this process, one connection. A
// transaction holds PGlite's transaction mutex, so transactions run one at a time —
// which is why group commit (group-commit.ts) pays off most here.
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Row, Store, Tx, TransactionOptions } from './types.ts';
import { INT8_OID, parseInt8 } from './parsers.ts';
import { withRetry } from './retry.ts';

class PgliteTx implements Tx {
  private readonly t: Transaction | PGlite;
  constructor(t: Transaction | PGlite) {
    this.t = t;
  }
  async query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.t.query<R>(sql, params)).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.t.exec(sql);
  }
}

export class PgliteStore extends PgliteTx implements Store {
  readonly kind: 'pglite' | 'pglite-memory';
  readonly concurrency = 1;
  private readonly db: PGlite;
  private constructor(db: PGlite, kind: 'pglite' | 'pglite-memory') {
    super(db);
    this.db = db;
    this.kind = kind;
  }
  /** dataDir undefined → in memory; `from` → start from a dumped data directory (template.ts). */
  static async open(dataDir?: string, from?: Blob): Promise<PgliteStore> {
    const db = await PGlite.create(dataDir, { parsers: { [INT8_OID]: parseInt8 }, ...(from ? { loadDataDir: from } : {}) });
    return new PgliteStore(db, dataDir === undefined ? 'pglite-memory' : 'pglite');
  }
  /** The whole data directory as an uncompressed tarball. */
  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none') as Promise<Blob>;
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return withRetry(() => this.db.transaction((t) => fn(new PgliteTx(t))), opts.retries);
  }
  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
