// The terminal's outbox: every cash-in, voucher and device report is written here first,
// online or not, and leaves only when the server has answered it. Order is the order of
// recording; each entry carries its idempotency key from the moment it is recorded, so a
// resend after a lost reply (or a crash of the cabinet between send and answer) is the
// same event to the server and moves money once.
//
// Persistence is a small pluggable interface (storage.ts: in memory, localStorage-like;
// file_storage.ts for Node). Every change is saved before the call that made it returns,
// and saves run one after another, so the stored state is always one the outbox was in.
export type OutboxEvent = 'cash_in' | 'ticket' | 'device_status';

export interface OutboxEntry {
  /** local sequence number: the delivery order */
  seq: number;
  event: OutboxEvent;
  /** the payload as sent, with its `key` and `at` (terminal time, ms since the epoch) */
  payload: { key: string; at: number } & Record<string, unknown>;
}

export interface RejectedEntry extends OutboxEntry {
  reason: string;
  message: string;
}

export interface OutboxState {
  next: number;
  pending: OutboxEntry[];
  /** Entries the server refused for good (e.g. invalid_payload), kept for staff to see, newest last. */
  rejected: RejectedEntry[];
}

export interface OutboxStorage {
  /** The saved state, or null when nothing was ever saved. */
  load(): Promise<OutboxState | null>;
  save(state: OutboxState): Promise<void>;
}

/** Thrown by `record` when the outbox holds `maxPending` entries: the cabinet should stop taking cash. */
export class OutboxFull extends Error {
  constructor(max: number) {
    super(`the outbox holds ${max} undelivered events`);
    this.name = 'OutboxFull';
  }
}

const MAX_REJECTED = 1000;

export class Outbox {
  readonly #storage: OutboxStorage;
  readonly #maxPending: number;
  #state: OutboxState;
  #saving: Promise<void> = Promise.resolve();

  private constructor(storage: OutboxStorage, state: OutboxState, maxPending: number) {
    this.#storage = storage;
    this.#state = state;
    this.#maxPending = maxPending;
  }

  static async open(storage: OutboxStorage, opts: { maxPending?: number } = {}): Promise<Outbox> {
    const state = (await storage.load()) ?? { next: 1, pending: [], rejected: [] };
    return new Outbox(storage, state, opts.maxPending ?? 10_000);
  }

  async record(event: OutboxEvent, payload: OutboxEntry['payload']): Promise<OutboxEntry> {
    if (this.#state.pending.length >= this.#maxPending) throw new OutboxFull(this.#maxPending);
    const entry: OutboxEntry = { seq: this.#state.next, event, payload };
    this.#state = { ...this.#state, next: this.#state.next + 1, pending: [...this.#state.pending, entry] };
    await this.#save();
    return entry;
  }

  /** The next entry to deliver. */
  first(): OutboxEntry | undefined {
    return this.#state.pending[0];
  }

  pending(): readonly OutboxEntry[] {
    return this.#state.pending;
  }

  rejected(): readonly RejectedEntry[] {
    return this.#state.rejected;
  }

  /** The server answered ok (a first delivery or a resend): the entry is done. */
  async delivered(seq: number): Promise<void> {
    this.#state = { ...this.#state, pending: this.#state.pending.filter((e) => e.seq !== seq) };
    await this.#save();
  }

  /** The server refused the entry for good: it leaves the queue so the ones after it can go. */
  async reject(seq: number, reason: string, message: string): Promise<void> {
    const e = this.#state.pending.find((p) => p.seq === seq);
    if (!e) return;
    const rejected = [...this.#state.rejected, { ...e, reason, message }].slice(-MAX_REJECTED);
    this.#state = { ...this.#state, pending: this.#state.pending.filter((p) => p.seq !== seq), rejected };
    await this.#save();
  }

  #save(): Promise<void> {
    const snapshot = this.#state; // states are replaced, never mutated: this one stays as it is
    this.#saving = this.#saving.then(() => this.#storage.save(snapshot));
    return this.#saving;
  }
}
