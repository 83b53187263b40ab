// The one database interface the ledger talks to. Two adapters implement it (PGlite,
// embedded and single-connection; PostgreSQL through a pg Pool) and both must pass the
// shared suite in test/store/. SQL is plain PostgreSQL; results come back as row objects
// with int8 parsed to a JS number that is guaranteed safe (see parsers.ts).
export type Row = Record<string, unknown>;

export interface Tx {
  /** One statement with $1..$n parameters. */
  query<R = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type StoreKind = 'pglite' | 'pglite-memory' | 'postgres';

export interface TransactionOptions {
  /** How many times a serialization failure or deadlock re-runs the whole function (default 5). */
  retries?: number;
}

export interface Store extends Tx {
  readonly kind: StoreKind;
  /** Connections that can hold a transaction at once: 1 for PGlite, the pool size for PostgreSQL. */
  readonly concurrency: number;
  /**
   * Runs fn inside BEGIN … COMMIT. On SQLSTATE 40001/40P01 the transaction is rolled back
   * and fn runs again (bounded), so fn must have no effects outside `tx`.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Calls `cb` once if the store fails for good without being closed (the PGlite thread
   * died): every later call fails, so the owner should restart with a new store. A pool
   * (PostgreSQL) reconnects by itself and never calls it.
   */
  onFailure?(cb: (err: Error) => void): void;
  /** A pool's connections: in use or idle, and callers waiting for one (diagnostics; PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
