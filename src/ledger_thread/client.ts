// The main thread's end of the ledger thread (worker.ts): a Ledger-shaped object whose
// every method call is a message to the thread, and whose failure (the thread or its
// database gone) rejects every pending and later call with a StoreError — nothing waits
// for ever on a thread that is gone. Callers keep their code: `ledger.rounds.open(req)`
// reads the same on either side.
import type { Worker } from 'node:worker_threads';
import type { Ledger } from '../ledger/index.ts';
import { ThreadLink, type StoreError } from '../store/index.ts';
import { errorFromWire, type LedgerThreadInit, type ThreadError } from './protocol.ts';

// Properties asked of any object by the language and the runtime, never ledger methods:
// a Promise looks for `then`, JSON for `toJSON`, util.inspect for symbols.
const NOT_METHODS = new Set(['then', 'toJSON', 'constructor', 'prototype', '__proto__']);

export class LedgerThread {
  /** The ledger, as the casino uses it; each call runs on the thread. */
  readonly ledger: Ledger;
  readonly #link: ThreadLink;
  readonly #proxies = new Map<string, unknown>();
  readonly #failureListeners: Array<(err: StoreError) => void> = [];

  private constructor(link: ThreadLink) {
    this.#link = link;
    link.onExit = (err) => { for (const l of this.#failureListeners) l(err); };
    this.ledger = this.proxy([]) as Ledger;
  }

  /** Starts the thread and waits until its store is open and migrated. */
  static async start(init: LedgerThreadInit): Promise<LedgerThread> {
    const decode = (e: unknown) => errorFromWire(e as ThreadError);
    const link = await ThreadLink.start({
      url: new URL('./worker.ts', import.meta.url), workerData: init, what: 'the ledger thread', decode,
      // id -1 (no call): the thread's store failed and it is ending; that is the exit's cause.
      special: (r, self) => {
        if (r.id !== -1 || r.ok) return false;
        self.noteCrash(decode(r.error));
        return true;
      },
    });
    return new LedgerThread(link);
  }

  /** The thread (tests terminate it to see the ledger fail cleanly). */
  get worker(): Worker {
    return this.#link.worker;
  }

  /** Called once if the thread stops without being closed: the ledger is gone. */
  onFailure(listener: (err: StoreError) => void): void {
    this.#failureListeners.push(listener);
  }

  /** Closes the store on the thread, then ends it. Later calls reject with `closed`. */
  close(): Promise<void> {
    return this.#link.close({ op: 'close' });
  }

  /** One proxy per path, made once: `ledger.rounds` is the same object every time. */
  private proxy(path: string[]): unknown {
    const key = path.join('.');
    let p = this.#proxies.get(key);
    if (p === undefined) {
      p = new Proxy(() => {}, {
        get: (_t, prop) => (typeof prop === 'symbol' || NOT_METHODS.has(prop) ? undefined : this.proxy([...path, prop])),
        apply: (_t, _self, args: unknown[]) => this.#link.request({ op: 'call', path, args }),
      });
      this.#proxies.set(key, p);
    }
    return p;
  }
}
