// Where a table's event numbers go on from when its process starts again. A table that
// crashed and restarts here goes on from the last number its earlier process gave (kept in
// memory); in a cluster, a table started after a failover goes on from the ceiling its
// previous owner reserved in Redis (cluster/table_seqs.ts). So `seq` never goes back: a
// client's `resume` from a number the new process did not give is answered `too_old`
// (take a fresh state), never with other events under numbers it already saw.
//
// Reserving: an owner writes `seq + SEQ_BLOCK` as the ceiling at start, and again whenever
// its numbers come within half a block of it — written ahead, so the ceiling stays above
// every number given while each write lands before another 500 events of that one table.
export interface TableSeqsHook {
  ceiling(id: string): Promise<number>;
  reserve(id: string, upTo: number): Promise<void>;
  forget(id: string): Promise<void>;
}

export const SEQ_BLOCK = 1000;

export class SeqFloor {
  readonly #hook: TableSeqsHook | undefined;
  readonly #onError: (err: unknown) => void;
  readonly #last = new Map<string, number>();
  readonly #reserved = new Map<string, number>();

  constructor(hook?: TableSeqsHook, onError: (err: unknown) => void = () => {}) {
    this.#hook = hook;
    this.#onError = onError;
  }

  /** The number a table's new process goes on from (its first event is this + 1). */
  async startAt(id: string): Promise<number> {
    // Known here: the table has run on this node ever since (crash restarts, hibernation: a
    // table that stops or stands down is dropped), so its last number is exact — and a woken
    // table keeps its events for `resume`. Not known: it comes from elsewhere, start at the ceiling.
    const local = this.#last.get(id);
    const hook = this.#hook;
    if (hook === undefined) return local ?? 0;
    try {
      const start = local ?? (await retried(() => hook.ceiling(id)));
      this.#last.set(id, start);
      if ((this.#reserved.get(id) ?? 0) < start + SEQ_BLOCK / 2) {
        await retried(() => hook.reserve(id, start + SEQ_BLOCK));
        this.#reserved.set(id, start + SEQ_BLOCK);
      }
      return start;
    } catch (err) {
      // Never what stops a table from starting (a table that fails to start is given up, its
      // round left to no one): number on from the clock's milliseconds instead — above any
      // ceiling (blocks of 1,000 from 0) and any earlier such start, while a table gives fewer
      // than one event per millisecond. The first event reserves a ceiling above it.
      this.#onError(err);
      const start = Math.max(local ?? 0, Date.now());
      this.#last.set(id, start);
      this.#reserved.delete(id);
      return start;
    }
  }

  /** A number the table just gave. */
  noted(id: string, seq: number): void {
    this.#last.set(id, seq);
    if (this.#hook === undefined) return;
    const reserved = this.#reserved.get(id) ?? 0;
    if (seq <= reserved - SEQ_BLOCK / 2) return;
    this.#reserved.set(id, seq + SEQ_BLOCK);
    this.#hook.reserve(id, seq + SEQ_BLOCK).catch(this.#onError);
  }

  /** The table left this node (closed, or failed to start): nothing to go on from here. */
  drop(id: string): void {
    this.#last.delete(id);
    this.#reserved.delete(id);
  }
}

/** A Redis command that timed out once on a loaded machine (a stalled event loop): a few tries, 100 ms apart. */
async function retried<T>(f: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
