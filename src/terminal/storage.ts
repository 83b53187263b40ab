// Outbox storages that run anywhere: in memory (tests, a cabinet that accepts losing its
// queue on power loss), and over any localStorage-shaped store (the browser's own
// `localStorage`, or anything with getItem/setItem). The file storage for Node is in
// file_storage.ts, apart, so a browser never loads node:fs.
import type { OutboxState, OutboxStorage } from './outbox.ts';

export class MemoryStorage implements OutboxStorage {
  #state: OutboxState | null = null;
  async load(): Promise<OutboxState | null> {
    return this.#state === null ? null : structuredClone(this.#state);
  }
  async save(state: OutboxState): Promise<void> {
    this.#state = structuredClone(state);
  }
}

/** What this needs of `window.localStorage`. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class KeyValueStorage implements OutboxStorage {
  readonly #store: KeyValueStore;
  readonly #key: string;
  constructor(store: KeyValueStore, key = 'pitboss.terminal.outbox') {
    this.#store = store;
    this.#key = key;
  }
  async load(): Promise<OutboxState | null> {
    const text = this.#store.getItem(this.#key);
    return text === null ? null : parseState(text, `${this.#key}`);
  }
  async save(state: OutboxState): Promise<void> {
    this.#store.setItem(this.#key, JSON.stringify(state));
  }
}

/**
 * A saved state, checked for shape. A damaged one is an error, not an empty outbox: it
 * holds cash-ins nobody has been credited for yet, and staff must see it.
 */
export function parseState(text: string, where: string): OutboxState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new Error(`the terminal outbox in ${where} is not JSON`, { cause: err });
  }
  const s = v as OutboxState;
  const entryOk = (e: unknown) => {
    const x = e as OutboxState['pending'][number];
    return typeof x === 'object' && x !== null && Number.isSafeInteger(x.seq) && typeof x.event === 'string'
      && typeof x.payload === 'object' && x.payload !== null && typeof x.payload.key === 'string' && typeof x.payload.at === 'number';
  };
  if (typeof s !== 'object' || s === null || !Number.isSafeInteger(s.next) || !Array.isArray(s.pending) || !Array.isArray(s.rejected)
    || !s.pending.every(entryOk) || !s.rejected.every(entryOk)) {
    throw new Error(`the terminal outbox in ${where} is damaged`);
  }
  return s;
}
