// The queue both batching writers share (group commit, instant rounds): items queue up,
// and a batch of up to maxBatch leaves once this turn's I/O is done, with at most
// maxInFlight batches at once. No timer while idle, so an idle system adds no latency.
//
// Why after the turn's I/O (setImmediate): an embedded database (PGlite) runs its queries
// without ever yielding to I/O, so a batch formed at once would never include the work
// still sitting in the sockets — every batch would be a batch of one.
//
// Optional linger (closed-loop callers, e.g. players spinning): the callers a big batch
// just answered come back over the next milliseconds, and a batch of the first one back
// would make the rest wait behind it. While the queue is below 90 % of the last batch,
// it waits for it to fill, in 1 ms steps, at most lingerMs.
export interface BatchQueueOptions {
  maxBatch: number;
  maxInFlight: number;
  /** 0 (default): never wait for a batch to fill. */
  lingerMs?: number;
}

export class BatchQueue<T> {
  readonly #write: (batch: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #lingerMs: number;
  readonly #items: T[] = [];
  #inFlight = 0;
  #lastBatch = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | null = null;

  /** `write` must not throw: it answers every item of its batch itself. */
  constructor(write: (batch: T[]) => Promise<void>, opts: BatchQueueOptions) {
    this.#write = write;
    this.#maxBatch = opts.maxBatch;
    this.#maxInFlight = opts.maxInFlight;
    this.#lingerMs = opts.lingerMs ?? 0;
  }

  get length(): number {
    return this.#items.length;
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

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#items.length > 0) {
      if (this.#lingerMs > 0 && this.#items.length < this.#lastBatch * 0.9) return this.#linger();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      const batch = this.#items.splice(0, this.#maxBatch);
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
      if (this.#items.length < this.#lastBatch * 0.9 && performance.now() - started < this.#lingerMs) {
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
