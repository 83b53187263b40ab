// Group commit: under load, many small units of work share one database transaction
// (one BEGIN/COMMIT, one WAL flush) instead of one each.
//
// Guarantees are those of a transaction per unit:
//  - each unit runs inside its own SAVEPOINT; if it throws (insufficient funds, bad
//    input) only its savepoint is rolled back and only its caller sees the error;
//  - a unit's result is delivered only after the shared COMMIT succeeded, so nobody
//    is told "done" about work that could still be lost;
//  - a deadlock or serialization failure aborts the whole batch, which is re-run (its
//    units are pure functions of `tx`); if the batch still fails, each unit is re-run
//    alone in its own transaction, so one bad unit cannot fail its neighbours;
//  - row locks, constraints and idempotency keys are all in SQL, so batching changes
//    who shares a COMMIT, never what is checked.
// Batches form naturally: while one batch is in flight the queue fills, and the next
// batch takes up to maxBatch waiting units. No timer, so an idle system adds no latency.
import type { Store, Tx } from './types.ts';
import { isRetryable } from './retry.ts';
import { PitbossError } from '../errors.ts';

type Unit = { fn: (tx: Tx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most units per transaction (default 64). */
  maxBatch?: number;
  /** Batches in flight at once (default: the store's concurrency). */
  maxInFlight?: number;
  /** Bound on queued units; past it run() rejects with PitbossError `unavailable` (default 100 000). */
  maxQueue?: number;
}

export class GroupCommitter {
  private readonly store: Store;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly maxQueue: number;
  private readonly queue: Unit[] = [];
  private inFlight = 0;
  /** Batches committed and units carried, for metrics and the benchmark. */
  readonly stats = { batches: 0, units: 0 };

  constructor(store: Store, opts: GroupCommitOptions = {}) {
    this.store = store;
    this.maxBatch = opts.maxBatch ?? 64;
    this.maxInFlight = opts.maxInFlight ?? store.concurrency;
    this.maxQueue = opts.maxQueue ?? 100_000;
  }

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new PitbossError('unavailable', `group commit queue is full (${this.maxQueue} waiting)`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Unit[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.store.transaction((tx) => runUnits(tx, batch));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // The batch as a whole could not commit: isolate the units from one another.
      await Promise.all(batch.map((u) => this.store.transaction(u.fn).then(u.resolve, u.reject)));
      return;
    }
    this.stats.batches++;
    this.stats.units += batch.length;
    outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error)));
  }
}

async function runUnits(tx: Tx, batch: Unit[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const unit of batch) {
    await tx.query('SAVEPOINT gc_unit');
    try {
      const value = await unit.fn(tx);
      await tx.query('RELEASE SAVEPOINT gc_unit');
      outcomes.push({ ok: true, value });
    } catch (error) {
      // A lock conflict poisons the whole transaction: let store.transaction retry the batch.
      if (isRetryable(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT gc_unit');
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
