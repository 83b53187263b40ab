// The main thread's end of the PGlite worker: starts it, numbers calls, matches replies,
// and turns the worker's death into a StoreError for every pending and later call —
// nothing waits forever on a thread that is gone. The worker is unref'd while no call
// is pending, so an idle store keeps the process alive no more than an in-thread
// PGlite did, and ref'd while one is, so an awaited query is never cut short.
import { Worker } from 'node:worker_threads';
import { StoreError } from '../errors.ts';
import { fromWire, type Reply, type Request, type WorkerInit } from './protocol.ts';

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

// Requests without their id: the link numbers them.
type Call = Extract<Request, { id: number }> extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Note = Exclude<Request, { id: number }>;

export class WorkerLink {
  /** The thread that runs PGlite (tests terminate it to see the store fail cleanly). */
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker can take no more calls: why every call now fails. */
  private gone: StoreError | null = null;
  private crash: unknown = undefined;

  private constructor(init: WorkerInit) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: init });
    this.worker.on('message', (r: Reply) => this.settle(r));
    // 'error' (an uncaught exception in the worker) comes before 'exit': keep it as the cause.
    this.worker.on('error', (e) => { this.crash = e; });
    this.worker.on('exit', (code) => {
      const cause = this.crash;
      const why = cause instanceof Error ? `: ${cause.message}` : '';
      this.fail(new StoreError('worker_exit', `the PGlite worker exited (code ${code})${why}`, { cause }));
    });
  }

  /** Starts the worker and waits until PGlite is open in it. */
  static async start(init: WorkerInit): Promise<WorkerLink> {
    const link = new WorkerLink(init);
    const ready = new Promise((resolve, reject) => link.pending.set(0, { resolve, reject }));
    try {
      await ready;
    } catch (e) {
      await link.worker.terminate();
      throw e;
    }
    link.worker.unref();
    return link;
  }

  call(req: Call): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    try {
      this.worker.postMessage({ ...req, id });
    } catch (e) {
      return Promise.reject(e); // a parameter structured clone cannot copy
    }
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** A message without a reply; a dead worker drops it (the calls after it report why). */
  send(note: Note): void {
    if (!this.gone) this.worker.postMessage(note);
  }

  /** Closes PGlite in the worker, then ends the thread. Later calls reject with `closed`. */
  async close(): Promise<void> {
    if (this.gone) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      this.fail(new StoreError('closed'));
      await this.worker.terminate();
    }
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0 && r.id !== 0) this.worker.unref();
    if (r.ok) p.resolve(r.value);
    else p.reject(fromWire(r.error));
  }

  /** Called once if the worker stops without being closed (a crash): the store is gone. */
  onExit: ((err: StoreError) => void) | null = null;

  private fail(err: StoreError): void {
    if (this.gone === null && err.code === 'worker_exit') queueMicrotask(() => this.onExit?.(err));
    this.gone ??= err;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }
}
