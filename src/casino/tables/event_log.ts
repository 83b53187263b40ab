// A table's public events, numbered 1, 2, 3 … per table, with the last `capacity` kept
// so a client that missed some (disconnect, slow network) can `resume` from its last seq.
import type { JsonObject } from '../../wire/index.ts';
import type { TableEvent } from './types.ts';

export class EventLog {
  readonly #capacity: number;
  readonly #ring: JsonObject[];
  #seq: number;

  /** `startSeq` and `kept` (the events up to it, oldest first): a table woken from hibernation. */
  constructor(capacity = 256, startSeq = 0, kept: readonly JsonObject[] = []) {
    this.#capacity = capacity;
    this.#seq = startSeq;
    this.#ring = kept.slice(-capacity);
  }

  get seq(): number {
    return this.#seq;
  }

  append(ev: TableEvent): JsonObject {
    const numbered = { seq: ++this.#seq, ...ev } as JsonObject;
    this.#ring.push(numbered);
    if (this.#ring.length > this.#capacity) this.#ring.shift();
    return numbered;
  }

  /** The last `n` events, oldest first. */
  tail(n: number): JsonObject[] {
    return n >= this.#ring.length ? [...this.#ring] : this.#ring.slice(this.#ring.length - n);
  }

  /**
   * Events after `since`, or null when some of them are no longer held — or when `since`
   * is ahead of this log: a client that saw numbers this process never gave (an earlier
   * process of the table, whose last events died with it) must take a fresh state.
   */
  since(since: number): JsonObject[] | null {
    if (since > this.#seq) return null;
    if (since === this.#seq) return [];
    const oldest = this.#seq - this.#ring.length + 1;
    if (since + 1 < oldest) return null;
    return this.#ring.slice(since + 1 - oldest);
  }
}
