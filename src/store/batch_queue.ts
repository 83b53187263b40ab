// The pacing of batched writers (the commit queue, action keys): items queue up, and a
// batch of up to maxBatch leaves once this turn's I/O is done, with at most maxInFlight
// batches at once. No timer while idle, so an idle system adds no latency.
//
// Why after the turn's I/O (setImmediate): an embedded database (PGlite) runs its queries
// without ever yielding to I/O, so a batch formed at once would never include the work
// still sitting in the sockets — every batch would be a batch of one.
//
// Optional linger (closed-loop callers, e.g. players spinning): the callers a big batch
// just answered come back over the next milliseconds, and a batch of the first one back
// would make the rest wait behind it. While the queue is below 90 % of the last batch,
// it waits for it to fill, in 1 ms steps, at most lingerMs.
//
// Optional hold: an item the writer cannot take yet (the commit queue holds a set
// writer's items while one of its batches is in flight) stays queued, in order, and the
// batch is formed from the others; the end of every batch looks again.
export interface BatchQueueOptions<T = unknown> {
  maxBatch: number;
  maxInFlight: number;
  /** 0 (default): never wait for a batch to fill. */
  lingerMs?: number;
  /** Items to leave in the queue for now (default: none). */
  hold?: (item: T) => boolean;
}

export class BatchQueue<T> {
  readonly #write: (batch: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #lingerMs: number;
  readonly #hold: ((item: T) => boolean) | null;
  #items: T[] = [];
  #inFlight = 0;
  #lastBatch = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | null = null;

  /** `write` must not throw: it answers every item of its batch itself. */
  constructor(write: (batch: T[]) => Promise<void>, opts: BatchQueueOptions<T>) {
    this.#write = write;
    this.#maxBatch = opts.maxBatch;
    this.#maxInFlight = opts.maxInFlight;
    this.#lingerMs = opts.lingerMs ?? 0;
    this.#hold = opts.hold ?? null;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Batches being written now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  push(item: T): void {
    this.#items.push(item);
    this.#soon();
  }

  #soon(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  /** Items a batch could take now. */
  #ready(): number {
    const hold = this.#hold;
    if (!hold) return this.#items.length;
    let n = 0;
    for (const x of this.#items) if (!hold(x)) n++;
    return n;
  }

  #take(): T[] {
    const hold = this.#hold;
    if (!hold) return this.#items.splice(0, this.#maxBatch);
    const batch: T[] = [];
    const rest: T[] = [];
    for (const x of this.#items) (batch.length < this.#maxBatch && !hold(x) ? batch : rest).push(x);
    this.#items = rest;
    return batch;
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight) {
      const ready = this.#ready();
      if (ready === 0) return;
      if (this.#lingerMs > 0 && ready < this.#lastBatch * 0.9) return this.#linger();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      const batch = this.#take();
      this.#lastBatch = batch.length;
      this.#inFlight++;
      void this.#write(batch).finally(() => {
        this.#inFlight--;
        this.#soon();
      });
    }
  }

  #linger(): void {
    if (this.#timer) return;
    const started = performance.now();
    const step = () => {
      if (this.#ready() < this.#lastBatch * 0.9 && performance.now() - started < this.#lingerMs) {
        this.#timer = setTimeout(step, 1);
        return;
      }
      this.#timer = null;
      this.#lastBatch = 0; // go now, whatever the size
      this.#pump();
    };
    this.#timer = setTimeout(step, 1);
  }
}
