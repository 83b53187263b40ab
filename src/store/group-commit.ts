// Group commit: under load, many small units of work share one database transaction
// (one BEGIN/COMMIT, one WAL flush) instead of one each.
//
// Guarantees are those of a transaction per unit:
//  - each unit runs inside its own SAVEPOINT; if it throws (insufficient funds, bad
//    input) only its savepoint is rolled back and only its caller sees the error;
//  - a unit's result is delivered only after the shared COMMIT succeeded, so nobody
//    is told "done" about work that could still be lost;
//  - a unit that deadlocks, hits a serialization failure or waits longer than
//    lockTimeoutMs for a row lock is rolled back to its savepoint (which releases the
//    locks it took) and re-run after the batch, alone in its own transaction with the
//    usual bounded retry — units are pure functions of `tx`, so re-running is safe. The
//    short lock timeout matters on PostgreSQL: a batch holds many rows, and waiting for
//    deadlock detection (deadlock_timeout, 1 s by default) would stall every unit in it;
//  - if the batch fails as a whole (an error at COMMIT), every unit is re-run alone, so
//    one bad unit cannot fail its neighbours;
//  - row locks, constraints and idempotency keys are all in SQL, so batching changes
//    who shares a COMMIT, never what is checked.
// Batches form naturally (batch_queue.ts): while one batch is in flight the queue fills,
// and the next batch takes up to maxBatch waiting units.
import type { Store, Tx } from './types.ts';
import { isRetryable } from './retry.ts';
import { BatchQueue } from './batch_queue.ts';
import { StoreError } from './errors.ts';

type Unit = { fn: (tx: Tx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | { ok: 'redo' };
const LOCK_NOT_AVAILABLE = '55P03';

export interface GroupCommitOptions {
  /** Most units per transaction (default 64). */
  maxBatch?: number;
  /** Batches in flight at once (default: the store's concurrency). */
  maxInFlight?: number;
  /** How long a unit inside a batch may wait for a row lock before it is deferred (default 100 ms). */
  lockTimeoutMs?: number;
  /** Bound on queued units; past it run() rejects with StoreError `queue_full` (default 100 000). */
  maxQueue?: number;
}

export class GroupCommitter {
  private readonly store: Store;
  private readonly maxQueue: number;
  private readonly lockTimeoutMs: number;
  private readonly queue: BatchQueue<Unit>;
  /** Batches committed and units carried, for metrics and the benchmark. */
  readonly stats = { batches: 0, units: 0, deferred: 0 };

  constructor(store: Store, opts: GroupCommitOptions = {}) {
    this.store = store;
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 100;
    this.queue = new BatchQueue((batch) => this.runBatch(batch), { maxBatch: opts.maxBatch ?? 64, maxInFlight: opts.maxInFlight ?? store.concurrency });
  }

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new StoreError('queue_full', `group commit queue is full (${this.maxQueue} waiting)`));
    return new Promise<T>((resolve, reject) => this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject }));
  }

  private async runBatch(batch: Unit[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.store.transaction((tx) => runUnits(tx, batch, this.lockTimeoutMs, this.store.concurrency > 1), { retries: 0 });
    } catch (err) {
      if (batch.length === 1 && !isRetryable(err)) {
        batch[0].reject(err);
        return;
      }
      // The batch could not commit as a whole: isolate the units from one another.
      await Promise.all(batch.map((u) => this.alone(u)));
      return;
    }
    this.stats.batches++;
    this.stats.units += batch.length;
    const redo: Unit[] = [];
    outcomes.forEach((o, i) => {
      if (o.ok === 'redo') redo.push(batch[i]);
      else if (o.ok) batch[i].resolve(o.value);
      else batch[i].reject(o.error);
    });
    this.stats.deferred += redo.length;
    await Promise.all(redo.map((u) => this.alone(u)));
  }

  private alone(u: Unit): Promise<void> {
    return this.store.transaction(u.fn).then(u.resolve, u.reject);
  }
}

async function runUnits(tx: Tx, batch: Unit[], lockTimeoutMs: number, concurrent: boolean): Promise<Outcome[]> {
  // A batch of one is a plain transaction: its failure is its own, so no savepoint is
  // needed, and runBatch already re-runs a lone retryable failure with the usual retry.
  if (batch.length === 1) return [{ ok: true, value: await batch[0].fn(tx) }];
  // Lock waits only exist between connections; a single-connection store (PGlite) has none.
  if (concurrent) await tx.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(lockTimeoutMs))}ms'`);
  const outcomes: Outcome[] = [];
  for (const unit of batch) {
    await tx.query('SAVEPOINT gc_unit');
    try {
      const value = await unit.fn(tx);
      await tx.query('RELEASE SAVEPOINT gc_unit');
      outcomes.push({ ok: true, value });
    } catch (error) {
      // Rolling back to the savepoint undoes the unit and releases its locks; the batch lives on.
      await tx.query('ROLLBACK TO SAVEPOINT gc_unit');
      const code = (error as { code?: unknown } | null)?.code;
      outcomes.push(isRetryable(error) || code === LOCK_NOT_AVAILABLE ? { ok: 'redo' } : { ok: false, error });
    }
  }
  return outcomes;
}
