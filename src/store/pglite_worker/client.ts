// The main thread's end of the PGlite worker: a ThreadLink (../thread_link.ts) that
// speaks this worker's protocol.
import type { Worker } from 'node:worker_threads';
import type { StoreError } from '../errors.ts';
import { ThreadLink } from '../thread_link.ts';
import { fromWire, type Request, type WireError, type WorkerInit } from './protocol.ts';

// Requests without their id: the link numbers them.
type Call = Extract<Request, { id: number }> extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Note = Exclude<Request, { id: number }>;

export class WorkerLink {
  readonly #link: ThreadLink;

  private constructor(link: ThreadLink) {
    this.#link = link;
  }

  /** Starts the worker and waits until PGlite is open in it. */
  static async start(init: WorkerInit): Promise<WorkerLink> {
    return new WorkerLink(await ThreadLink.start({
      url: new URL('./worker.ts', import.meta.url), workerData: init, what: 'the PGlite worker', decode: (e) => fromWire(e as WireError),
    }));
  }

  /** The thread that runs PGlite (tests terminate it to see the store fail cleanly). */
  get worker(): Worker {
    return this.#link.worker;
  }

  /** Called once if the worker stops without being closed (a crash): the store is gone. */
  set onExit(cb: ((err: StoreError) => void) | null) {
    this.#link.onExit = cb;
  }

  call(req: Call): Promise<unknown> {
    return this.#link.request(req);
  }

  /** A message without a reply; a dead worker drops it (the calls after it report why). */
  send(note: Note): void {
    this.#link.post(note);
  }

  /** Closes PGlite in the worker, then ends the thread. Later calls reject with `closed`. */
  close(): Promise<void> {
    return this.#link.close({ op: 'close' });
  }
}
