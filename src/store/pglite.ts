// PGlite adapter: PostgreSQL compiled to WASM, one connection, run in a worker thread
// (pglite_worker/) so that the event loop serving sockets never executes a query.
// A transaction holds PGlite's transaction mutex in the worker, so transactions run
// one at a time — which is why group commit (group-commit.ts) pays off most here.
// Each statement is one message and one reply; BEGIN travels with no wait for a reply
// and COMMIT/ROLLBACK is one call, so a transaction of n statements costs n + 1 round
// trips between the threads.
import type { Worker } from 'node:worker_threads';
import type { Row, Store, Tx, TransactionOptions } from './types.ts';
import { withRetry } from './retry.ts';
import { WorkerLink } from './pglite_worker/client.ts';

class PgliteTx implements Tx {
  protected readonly link: WorkerLink;
  private readonly tx: number | undefined;
  /** Set when the transaction ends: statements after that fail as PGlite's own would. */
  closed = false;
  constructor(link: WorkerLink, tx?: number) {
    this.link = link;
    this.tx = tx;
  }
  query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('Transaction is closed'));
    return this.link.call({ op: 'query', sql, params, tx: this.tx }) as Promise<R[]>;
  }
  async exec(sql: string): Promise<void> {
    if (this.closed) throw new Error('Transaction is closed');
    await this.link.call({ op: 'exec', sql, tx: this.tx });
  }
}

export class PgliteStore extends PgliteTx implements Store {
  readonly kind: 'pglite' | 'pglite-memory';
  readonly concurrency = 1;
  private nextTx = 1;
  private constructor(link: WorkerLink, kind: 'pglite' | 'pglite-memory') {
    super(link);
    this.kind = kind;
  }
  /** dataDir undefined → in memory; `loadFile` → start from a dumped data directory (template.ts). */
  static async open(dataDir?: string, loadFile?: string): Promise<PgliteStore> {
    const link = await WorkerLink.start({ dataDir, loadFile });
    return new PgliteStore(link, dataDir === undefined ? 'pglite-memory' : 'pglite');
  }
  /** The thread PGlite runs in (tests end it to check that calls then fail cleanly). */
  get worker(): Worker {
    return this.link.worker;
  }
  /** The whole data directory as an uncompressed tarball, made in the worker. */
  async dump(): Promise<Blob> {
    return new Blob([(await this.link.call({ op: 'dump' })) as ArrayBuffer]);
  }
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return withRetry(() => this.attempt(fn), opts.retries);
  }
  onFailure(cb: (err: Error) => void): void {
    this.link.onExit = cb;
  }
  async close(): Promise<void> {
    await this.link.close();
  }

  private async attempt<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const id = this.nextTx++;
    // The worker queues this transaction's statements behind BEGIN (and behind any
    // transaction that holds PGlite), so fn may start sending them at once.
    this.link.send({ op: 'begin', tx: id });
    const tx = new PgliteTx(this.link, id);
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      tx.closed = true;
      // Rolled back before the error is thrown, so a retry starts on a clean connection.
      await this.link.call({ op: 'end', tx: id, commit: false }).catch(() => {});
      throw err;
    }
    tx.closed = true;
    await this.link.call({ op: 'end', tx: id, commit: true });
    return result;
  }
}
