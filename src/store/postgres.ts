// PostgreSQL adapter over a pg Pool. Transactions run at READ COMMITTED with explicit
// row locks (SELECT … FOR UPDATE in a fixed order), Nakama-style; deadlocks and
// serialization failures are retried by withRetry. `schema`, when given, is put on
// every pooled connection's search_path (tests isolate themselves that way).
//
// Statements with parameters are prepared once per connection (a named statement, by a
// hash of the text) and then only bound and executed: the ledger's SQL is a fixed set of
// texts, so PostgreSQL stops parsing and planning the same statements thousands of times
// a second. The names are bounded (PREPARED_MAX); past it a new text runs unnamed.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Row, Store, Tx, TransactionOptions } from './types.ts';
import { INT8_OID, parseInt8 } from './parsers.ts';
import { withRetry } from './retry.ts';

const types = {
  getTypeParser(oid: number, format?: string): (v: string) => unknown {
    if (oid === INT8_OID) return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Most distinct statement texts prepared by name on each connection. */
export const PREPARED_MAX = 500;

/** Statement names by text: the same text gets the same name on every connection. */
class StatementNames {
  readonly #names = new Map<string, string>();
  nameOf(sql: string): string | undefined {
    let name = this.#names.get(sql);
    if (name === undefined && this.#names.size < PREPARED_MAX) {
      name = `pb_${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
      this.#names.set(sql, name);
    }
    return name;
  }
  get size(): number {
    return this.#names.size;
  }
}

class PgTx implements Tx {
  private readonly c: pg.PoolClient | pg.Pool;
  private readonly names: StatementNames;
  /**
   * One connection runs one statement at a time; callers may send several without waiting
   * (the ledger does, to spare round trips through its event loop). They are queued here in
   * the order sent and each goes out the moment the one before answers — what pg's own
   * queue did, which pg 9 removes (and pg 8 warns about).
   */
  private tail: Promise<unknown> = Promise.resolve();
  constructor(c: pg.PoolClient | pg.Pool, names: StatementNames) {
    this.c = c;
    this.names = names;
  }
  query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (this.c instanceof pg.Pool) return this.send<R>(sql, params); // a pool: each statement on a connection of its own
    const run = this.tail.then(() => this.send<R>(sql, params));
    this.tail = run.catch(() => {});
    return run;
  }
  private async send<R>(sql: string, params: unknown[]): Promise<R[]> {
    if (params.length === 0) return (await this.c.query(sql, params)).rows as R[];
    const name = this.names.nameOf(sql);
    return (await this.c.query(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params })).rows as R[];
  }
  async exec(sql: string): Promise<void> {
    await this.tail;
    await this.c.query(sql);
  }
}

export interface PostgresOptions {
  url: string;
  schema?: string;
  max?: number;
}

export class PostgresStore extends PgTx implements Store {
  readonly kind = 'postgres' as const;
  readonly concurrency: number;
  private readonly pool: pg.Pool;
  private readonly statements: StatementNames;
  private constructor(pool: pg.Pool, max: number, statements: StatementNames) {
    super(pool, statements);
    this.pool = pool;
    this.concurrency = max;
    this.statements = statements;
  }
  /** Distinct statement texts prepared by name so far (at most PREPARED_MAX). */
  get preparedStatements(): number {
    return this.statements.size;
  }
  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }
  static async open(o: PostgresOptions): Promise<PostgresStore> {
    const max = o.max ?? 10;
    const options = o.schema ? `-c search_path=${o.schema}` : undefined;
    const pool = new pg.Pool({ connectionString: o.url, max, options, types });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const store = new PostgresStore(pool, max, new StatementNames());
    await store.query('SELECT 1'); // fail fast when the server is unreachable
    return store;
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return withRetry(async () => {
      const client = await this.pool.connect();
      let broken = false;
      // BEGIN, COMMIT and ROLLBACK go through the transaction's own queue: after whatever
      // its function sent without waiting.
      const tx = new PgTx(client, this.statements);
      try {
        await tx.query('BEGIN');
        const result = await fn(tx);
        await tx.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await tx.query('ROLLBACK');
        } catch {
          broken = true; // connection is unusable: destroy it rather than return it to the pool
        }
        throw err;
      } finally {
        client.release(broken);
      }
    }, opts.retries);
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}
