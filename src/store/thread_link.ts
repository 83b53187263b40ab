// The main thread's end of a worker thread that answers numbered calls (the PGlite worker,
// the ledger thread): starts it and waits for its ready reply (id 0), numbers calls,
// matches replies, and turns the thread's death into a StoreError for every pending and
// later call — nothing waits forever on a thread that is gone. The worker is unref'd while
// no call is pending, so an idle link keeps the process alive no more than an in-thread
// database did, and ref'd while one is, so an awaited call is never cut short.
import { Worker } from 'node:worker_threads';
import { StoreError } from './errors.ts';

/** What every such worker answers: a call's id, and its value or its error (wire form). */
export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: unknown };

export interface ThreadLinkOptions {
  url: URL;
  workerData: unknown;
  /** Names the thread in the worker_exit message ("the PGlite worker"). */
  what: string;
  /** A reply's error (wire form) as the error callers see. */
  decode(error: unknown): unknown;
  /** A reply outside the numbered calls, handled by the caller (true: handled). */
  special?(r: ThreadReply, link: ThreadLink): boolean;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export class ThreadLink {
  readonly worker: Worker;
  /** Called once if the thread stops without being closed (a crash). */
  onExit: ((err: StoreError) => void) | null = null;
  readonly #decode: (error: unknown) => unknown;
  readonly #special: ThreadLinkOptions['special'];
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once the thread can take no more calls: why every call now fails. */
  #gone: StoreError | null = null;
  #crash: unknown = undefined;

  private constructor(o: ThreadLinkOptions) {
    this.#decode = o.decode;
    this.#special = o.special;
    this.worker = new Worker(o.url, { workerData: o.workerData });
    this.worker.on('message', (r: ThreadReply) => this.#settle(r));
    // 'error' (an uncaught exception in the worker) comes before 'exit': keep it as the cause.
    this.worker.on('error', (e) => { this.#crash = e; });
    this.worker.on('exit', (code) => {
      const cause = this.#crash;
      const why = cause instanceof Error ? `: ${cause.message}` : '';
      this.#fail(new StoreError('worker_exit', `${o.what} exited (code ${code})${why}`, { cause }));
    });
  }

  /** Starts the thread and waits for its ready reply (id 0). */
  static async start(o: ThreadLinkOptions): Promise<ThreadLink> {
    const link = new ThreadLink(o);
    const ready = new Promise((resolve, reject) => link.#pending.set(0, { resolve, reject }));
    try {
      await ready;
    } catch (e) {
      await link.worker.terminate();
      throw e;
    }
    link.worker.unref();
    return link;
  }

  /** Sends `msg` with the next id; resolves or rejects with its reply. */
  request(msg: object): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    try {
      this.worker.postMessage({ ...msg, id });
    } catch (e) {
      return Promise.reject(e); // an argument structured clone cannot copy
    }
    if (this.#pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /** A message without a reply; a dead thread drops it (the calls after it report why). */
  post(msg: object): void {
    if (!this.#gone) this.worker.postMessage(msg);
  }

  /** Why the thread is about to exit, when it says so itself before it does. */
  noteCrash(cause: unknown): void {
    this.#crash = cause;
  }

  /** Asks the thread to close (`msg`), then ends it. Later calls reject with `closed`. */
  async close(msg: object): Promise<void> {
    if (this.#gone) return;
    try {
      await this.request(msg);
    } finally {
      this.#fail(new StoreError('closed'));
      await this.worker.terminate();
    }
  }

  #settle(r: ThreadReply): void {
    if (this.#special?.(r, this)) return;
    const p = this.#pending.get(r.id);
    if (!p) return;
    this.#pending.delete(r.id);
    if (this.#pending.size === 0 && r.id !== 0) this.worker.unref();
    if (r.ok) p.resolve(r.value);
    else p.reject(this.#decode(r.error));
  }

  #fail(err: StoreError): void {
    if (this.#gone === null && err.code === 'worker_exit') queueMicrotask(() => this.onExit?.(err));
    this.#gone ??= err;
    for (const p of this.#pending.values()) p.reject(this.#gone);
    this.#pending.clear();
  }
}
