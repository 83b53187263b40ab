// The commit queue: every write that may share a database transaction goes through one
// GroupCommitter, which writes a batch of them in one BEGIN … COMMIT (one WAL flush)
// instead of one transaction each. Two kinds of work share the queue:
//  - a unit, run(fn): any function of `tx`;
//  - an item of a set writer, write(writer, item): the items of one writer in a batch are
//    written by one call, writer.many(tx, items), with set-based SQL (instant rounds).
//
// Guarantees are those of a transaction per unit and per item:
//  - each unit, and each writer's items together, run inside their own SAVEPOINT when the
//    batch holds more than one of them; if a unit throws (insufficient funds, bad input)
//    only its savepoint is rolled back and only its caller sees the error;
//  - a writer answers each item itself — a value, a refusal, or "alone"; items handed back
//    alone, and all of a writer's items if many() throws, are written after the batch one
//    by one, in order, each in its own transaction (writer.one);
//  - a result is delivered only after the shared COMMIT succeeded, so nobody is told
//    "done" about work that could still be lost;
//  - a unit that deadlocks, hits a serialization failure or waits longer than
//    lockTimeoutMs for a row lock is rolled back to its savepoint (which releases the
//    locks it took) and re-run after the batch, alone in its own transaction with the
//    usual bounded retry — units are pure functions of `tx`, so re-running is safe. The
//    short lock timeout matters on PostgreSQL: a batch holds many rows, and waiting for
//    deadlock detection (deadlock_timeout, 1 s by default) would stall every unit in it;
//  - if the batch fails as a whole (an error at COMMIT), everything in it goes alone, so
//    one bad unit cannot fail its neighbours;
//  - row locks, constraints and idempotency keys are all in SQL, so batching changes
//    who shares a COMMIT, never what is checked.
// Pacing (batch_queue.ts): while a batch is in flight the queue fills, and the next batch
// takes up to maxBatch waiting units and items. Up to writerInFlight batches of one writer
// run at once (default 4, measured). On PostgreSQL this is what makes the
// money path throughput-bound: while one batch waits for its COMMIT (the WAL flush), the
// next is already sending its statements. Batches that lock the same row (a jackpot pool)
// queue on that row lock in PostgreSQL, each reading the row as the previous one committed
// it, exactly as concurrent single transactions would. What a batch hands back alone is
// written in order after that batch; items of batches in flight at once were concurrent
// requests, so which of them commits first was never promised (a jackpot hit goes to the
// spin whose transaction reaches the hit point first, as with single transactions).
import type { Store, Tx } from './types.ts';
import { isRetryable } from './retry.ts';
import { BatchQueue } from './batch_queue.ts';
import { StoreError } from './errors.ts';

/** What a set writer answers for each item. */
export type SetOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown } | { ok: 'alone' };

/** Writes many items of one kind at a time with set-based SQL. */
export interface SetWriter<I, O> {
  /** Writes `items` in order inside `tx`; the outcome of each, in the same order. */
  many(tx: Tx, items: I[]): Promise<Array<SetOutcome<O>>>;
  /** Writes one item in its own transaction: the path for what many() hands back. */
  one(tx: Tx, item: I): Promise<O>;
}

type AnyWriter = SetWriter<unknown, unknown>;
type Answer = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Queued = Answer & ({ fn: (tx: Tx) => Promise<unknown>; writer?: undefined } | { writer: AnyWriter; item: unknown });
type Unit = Extract<Queued, { fn: unknown }>;
type Item = Extract<Queued, { writer: AnyWriter }>;
/** A batch: each unit on its own, each writer's items together; writers run first (runParts). */
type Part = { unit: Unit } | { writer: AnyWriter; items: Item[] };
const LOCK_NOT_AVAILABLE = '55P03';

export interface GroupCommitOptions {
  /** Most units and items per transaction (default 256). */
  maxBatch?: number;
  /** Batches in flight at once (default: the store's concurrency). */
  maxInFlight?: number;
  /** Batches of one set writer in flight at once (default 4, at most maxInFlight); 1 writes a writer's batches strictly one after another. */
  writerInFlight?: number;
  /** Longest wait for a batch to fill back up after a large one (default 10 ms); see batch_queue.ts. */
  lingerMs?: number;
  /** How long a unit inside a batch may wait for a row lock before it is deferred (default 100 ms). */
  lockTimeoutMs?: number;
  /** Bound on queued work; past it run() and write() reject with StoreError `queue_full` (default 100 000). */
  maxQueue?: number;
}

export class GroupCommitter {
  private readonly store: Store;
  private readonly maxQueue: number;
  private readonly lockTimeoutMs: number;
  private readonly queue: BatchQueue<Queued>;
  /** Batches in flight per writer; at writerInFlight its items wait. */
  private readonly busy = new Map<AnyWriter, number>();
  private readonly writerInFlight: number;
  /**
   * Batches committed, units and items they answered, units and items that went alone, and
   * batches that started while another batch of the same writer was in flight — for metrics and tests.
   */
  readonly stats = { batches: 0, units: 0, deferred: 0, overlapped: 0 };

  constructor(store: Store, opts: GroupCommitOptions = {}) {
    this.store = store;
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 100;
    const maxInFlight = opts.maxInFlight ?? store.concurrency;
    // Four, measured (bench/instant.ts, docs/performance.md): while one batch commits the
    // next ones send their statements; instant batches lock the shared jackpot pool last,
    // so they wait on each other only for their money statements and COMMIT.
    this.writerInFlight = Math.max(1, Math.min(opts.writerInFlight ?? 4, maxInFlight));
    this.queue = new BatchQueue((batch) => this.runBatch(batch), {
      maxBatch: opts.maxBatch ?? 256, maxInFlight, lingerMs: opts.lingerMs ?? 10,
      hold: (q) => q.writer !== undefined && (this.busy.get(q.writer) ?? 0) >= this.writerInFlight,
    });
  }

  /** Units and items waiting, and batches being written (metrics, diagnostics). */
  get queued(): { waiting: number; inFlight: number } {
    return { waiting: this.queue.length, inFlight: this.queue.inFlight };
  }

  /** Runs `fn` in a shared transaction (in its own savepoint). */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.enqueue<T>((a) => ({ fn, ...a }));
  }

  /** Writes `item` with `writer`, together with the writer's other queued items. */
  write<I, O>(writer: SetWriter<I, O>, item: I): Promise<O> {
    return this.enqueue<O>((a) => ({ writer: writer as AnyWriter, item, ...a }));
  }

  private enqueue<T>(make: (a: Answer) => Queued): Promise<T> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new StoreError('queue_full', `commit queue is full (${this.maxQueue} waiting)`));
    return new Promise<T>((resolve, reject) => this.queue.push(make({ resolve: resolve as (v: unknown) => void, reject })));
  }

  private async runBatch(batch: Queued[]): Promise<void> {
    const parts = partsOf(batch);
    const writers = parts.flatMap((p) => ('writer' in p ? [p.writer] : []));
    // Counted before the first await: the queue's next batch must see this one.
    for (const w of writers) {
      const n = this.busy.get(w) ?? 0;
      if (n > 0) this.stats.overlapped++;
      this.busy.set(w, n + 1);
    }
    try {
      let outcomes: Array<[Queued, SetOutcome<unknown>]>;
      try {
        outcomes = await this.store.transaction((tx) => runParts(tx, parts, this.lockTimeoutMs, this.store.concurrency > 1), { retries: 0 });
        this.stats.batches++;
      } catch (err) {
        // A lone unit's failure is its own (a retryable one is re-run below with the usual retry).
        if (parts.length === 1 && 'unit' in parts[0] && !isRetryable(err)) return parts[0].unit.reject(err);
        // The batch could not commit as a whole: everything in it goes alone.
        outcomes = batch.map((q) => [q, { ok: 'alone' }]);
      }
      const alone: Queued[] = [];
      for (const [q, o] of outcomes) {
        if (o.ok === 'alone') alone.push(q);
        else if (o.ok) q.resolve(o.value);
        else q.reject(o.error);
      }
      this.stats.units += outcomes.length - alone.length;
      this.stats.deferred += alone.length;
      await this.alone(alone);
    } finally {
      for (const w of writers) {
        const n = this.busy.get(w)! - 1;
        if (n === 0) this.busy.delete(w);
        else this.busy.set(w, n);
      }
    }
  }

  /** Units at once, each writer's items one after another in their order. */
  private async alone(list: Queued[]): Promise<void> {
    const byWriter = new Map<AnyWriter, Item[]>();
    const units: Unit[] = [];
    for (const q of list) {
      if (q.writer) byWriter.set(q.writer, [...(byWriter.get(q.writer) ?? []), q]);
      else units.push(q);
    }
    await Promise.all([
      ...units.map((u) => this.store.transaction(u.fn).then(u.resolve, u.reject)),
      ...[...byWriter].map(async ([w, items]) => {
        for (const i of items) await this.store.transaction((tx) => w.one(tx, i.item)).then(i.resolve, i.reject);
      }),
    ]);
  }
}

function partsOf(batch: Queued[]): Part[] {
  const parts: Part[] = [];
  const groups = new Map<AnyWriter, Item[]>();
  for (const q of batch) {
    if (!q.writer) {
      parts.push({ unit: q });
      continue;
    }
    const items = groups.get(q.writer);
    if (items) items.push(q);
    else {
      groups.set(q.writer, [q]);
      parts.push({ writer: q.writer, items: groups.get(q.writer)! });
    }
  }
  return parts;
}

async function runPart(tx: Tx, p: Part): Promise<Array<[Queued, SetOutcome<unknown>]>> {
  if ('unit' in p) return [[p.unit, { ok: true, value: await p.unit.fn(tx) }]];
  const outcomes = await p.writer.many(tx, p.items.map((i) => i.item));
  return p.items.map((i, k) => [i, outcomes[k]]);
}

async function runParts(tx: Tx, parts: Part[], lockTimeoutMs: number, concurrent: boolean): Promise<Array<[Queued, SetOutcome<unknown>]>> {
  // One part is a plain transaction: its failure is its own, so no savepoint is needed,
  // and runBatch already re-runs a lone retryable failure with the usual retry.
  if (parts.length === 1) return runPart(tx, parts[0]);
  // Writers first, with no lock timeout: a set writer's batch takes its locks in one global
  // order (a jackpot pool, then accounts) before this transaction holds anything else, so it
  // can wait for another batch's commit without risk of a deadlock, where a timeout would
  // send every item it holds alone. Units come after, each bounded by lockTimeoutMs.
  const ordered = [...parts.filter((p) => 'writer' in p), ...parts.filter((p) => 'unit' in p)];
  const outcomes: Array<[Queued, SetOutcome<unknown>]> = [];
  let timed = false;
  // Savepoints are sent without waiting for their answer: the database runs a transaction's
  // statements in order, so a failed one fails the statements after it (and the COMMIT),
  // which are awaited. That spares two round trips per part (through the PGlite thread, or
  // to the server).
  const send = (sql: string) => void tx.query(sql).catch(() => {});
  for (const p of ordered) {
    // Lock waits only exist between connections; a single-connection store (PGlite) has none.
    if (concurrent && !timed && 'unit' in p) {
      send(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(lockTimeoutMs))}ms'`);
      timed = true;
    }
    send('SAVEPOINT gc_unit');
    try {
      outcomes.push(...await runPart(tx, p));
      send('RELEASE SAVEPOINT gc_unit');
    } catch (error) {
      // Rolling back to the savepoint undoes the part and releases its locks; the batch lives on.
      await tx.query('ROLLBACK TO SAVEPOINT gc_unit');
      if ('writer' in p) {
        for (const i of p.items) outcomes.push([i, { ok: 'alone' }]);
        continue;
      }
      const code = (error as { code?: unknown } | null)?.code;
      outcomes.push([p.unit, isRetryable(error) || code === LOCK_NOT_AVAILABLE ? { ok: 'alone' } : { ok: false, error }]);
    }
  }
  return outcomes;
}
