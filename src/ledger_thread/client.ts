// The main thread's end of the ledger thread (worker.ts): a Ledger-shaped object whose
// every method call is a message to the thread, and whose failure (the thread or its
// database gone) rejects every pending and later call with a StoreError — nothing waits
// for ever on a thread that is gone. Callers keep their code: `ledger.rounds.open(req)`
// reads the same on either side.
import { Worker } from 'node:worker_threads';
import type { Ledger } from '../ledger/index.ts';
import { StoreError } from '../store/index.ts';
import { errorFromWire, type LedgerThreadInit, type Reply, type Request } from './protocol.ts';

type Outgoing = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

// Properties asked of any object by the language and the runtime, never ledger methods:
// a Promise looks for `then`, JSON for `toJSON`, util.inspect for symbols.
const NOT_METHODS = new Set(['then', 'toJSON', 'constructor', 'prototype', '__proto__']);

export class LedgerThread {
  /** The thread (tests terminate it to see the ledger fail cleanly). */
  readonly worker: Worker;
  /** The ledger, as the casino uses it; each call runs on the thread. */
  readonly ledger: Ledger;
  private readonly pending = new Map<number, Pending>();
  private readonly proxies = new Map<string, unknown>();
  private nextId = 1;
  private gone: StoreError | null = null;
  private crash: unknown = undefined;
  private failureListeners: Array<(err: StoreError) => void> = [];

  private constructor(init: LedgerThreadInit) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: init });
    this.worker.on('message', (r: Reply) => this.settle(r));
    this.worker.on('error', (e) => { this.crash = e; });
    this.worker.on('exit', (code) => {
      const cause = this.crash;
      const why = cause instanceof Error ? `: ${cause.message}` : '';
      this.fail(new StoreError('worker_exit', `the ledger thread exited (code ${code})${why}`, { cause }));
    });
    this.ledger = this.proxy([]) as Ledger;
  }

  /** Starts the thread and waits until its store is open and migrated. */
  static async start(init: LedgerThreadInit): Promise<LedgerThread> {
    const t = new LedgerThread(init);
    const ready = new Promise((resolve, reject) => t.pending.set(0, { resolve, reject }));
    try {
      await ready;
    } catch (e) {
      await t.worker.terminate();
      throw e;
    }
    t.worker.unref();
    return t;
  }

  /** Called once if the thread stops without being closed: the ledger is gone. */
  onFailure(listener: (err: StoreError) => void): void {
    this.failureListeners.push(listener);
  }

  /** Closes the store on the thread, then ends it. Later calls reject with `closed`. */
  async close(): Promise<void> {
    if (this.gone) return;
    try {
      await this.request({ op: 'close' });
    } finally {
      this.fail(new StoreError('closed'));
      await this.worker.terminate();
    }
  }

  private call(path: string[], args: unknown[]): Promise<unknown> {
    return this.request({ op: 'call', path, args });
  }

  private request(req: Outgoing): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    try {
      this.worker.postMessage({ ...req, id });
    } catch (e) {
      return Promise.reject(e); // an argument structured clone cannot copy (a function)
    }
    // Ref'd while a call is pending, so an awaited call is never cut short; unref'd when
    // idle, so an idle ledger keeps the process alive no more than an in-thread one did.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** One proxy per path, made once: `ledger.rounds` is the same object every time. */
  private proxy(path: string[]): unknown {
    const key = path.join('.');
    let p = this.proxies.get(key);
    if (p === undefined) {
      p = new Proxy(() => {}, {
        get: (_t, prop) => (typeof prop === 'symbol' || NOT_METHODS.has(prop) ? undefined : this.proxy([...path, prop])),
        apply: (_t, _self, args: unknown[]) => this.call(path, args),
      });
      this.proxies.set(key, p);
    }
    return p;
  }

  private settle(r: Reply): void {
    if (r.id === -1 && !r.ok) {
      this.crash = errorFromWire(r.error);
      return; // the exit follows
    }
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0 && r.id !== 0) this.worker.unref();
    if (r.ok) p.resolve(r.value);
    else p.reject(errorFromWire(r.error));
  }

  private fail(err: StoreError): void {
    if (this.gone === null && err.code === 'worker_exit') queueMicrotask(() => { for (const l of this.failureListeners) l(err); });
    this.gone ??= err;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }
}
