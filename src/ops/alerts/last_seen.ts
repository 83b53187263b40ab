// When each terminal was last heard from (its heartbeat), kept after it disconnects: an
// offline terminal is precisely one whose connection is gone, so the connection tracker
// cannot tell it. The terminal channel (issue 12, item 6) calls `beat`; the alert rule
// `terminal_offline` reads `list`. Bounded: at most `max` terminals, the longest silent
// forgotten first.
export class LastSeen {
  readonly #seen = new Map<string, number>();
  readonly #max: number;
  constructor(opts: { max?: number } = {}) {
    this.#max = opts.max ?? 100_000;
  }

  beat(id: string, at = Date.now()): void {
    this.#seen.delete(id); // re-inserted last: the Map's order is oldest heartbeat first
    this.#seen.set(id, at);
    if (this.#seen.size > this.#max) this.#seen.delete(this.#seen.keys().next().value!);
  }

  forget(id: string): void {
    this.#seen.delete(id);
  }

  list(): Array<{ id: string; last_seen: number }> {
    return [...this.#seen].map(([id, last_seen]) => ({ id, last_seen }));
  }
}
