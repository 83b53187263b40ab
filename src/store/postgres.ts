// PostgreSQL adapter over a pg Pool. Transactions run at READ COMMITTED with explicit
// row locks (SELECT … FOR UPDATE in a fixed order), Nakama-style; deadlocks and
// serialization failures are retried by withRetry. `schema`, when given, is put on
// every pooled connection's search_path (tests isolate themselves that way).
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

class PgTx implements Tx {
  private readonly c: pg.PoolClient | pg.Pool;
  constructor(c: pg.PoolClient | pg.Pool) {
    this.c = c;
  }
  async query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.c.query(sql, params)).rows as R[];
  }
  async exec(sql: string): Promise<void> {
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
  private constructor(pool: pg.Pool, max: number) {
    super(pool);
    this.pool = pool;
    this.concurrency = max;
  }
  static async open(o: PostgresOptions): Promise<PostgresStore> {
    const max = o.max ?? 10;
    const options = o.schema ? `-c search_path=${o.schema}` : undefined;
    const pool = new pg.Pool({ connectionString: o.url, max, options, types });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const store = new PostgresStore(pool, max);
    await store.query('SELECT 1'); // fail fast when the server is unreachable
    return store;
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return withRetry(async () => {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(new PgTx(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
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
