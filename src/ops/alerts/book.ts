// The alert book: which alerts are active, and what happened (a bounded history). Fed the
// conditions every check finds, it answers the transitions to deliver: a key seen for the
// first time fires once; a key that keeps holding says nothing more (de-duplication); a
// key no longer found resolves once. Pure state — no timers, no I/O (server.ts is the shell).
import type { Condition } from './rules.ts';

export interface Alert extends Condition {
  /** ISO-8601: when it started firing */
  since: string;
}

export interface AlertEvent {
  status: 'firing' | 'resolved';
  alert: Alert;
  /** ISO-8601: when this transition was seen */
  at: string;
}

export class AlertBook {
  readonly #active = new Map<string, Alert>();
  readonly #history: AlertEvent[] = [];
  readonly #historySize: number;

  constructor(opts: { historySize?: number } = {}) {
    this.#historySize = opts.historySize ?? 500;
  }

  /** The transitions from the last check to this one, in order: new alerts, then resolved ones. */
  update(conditions: readonly Condition[], now: number): AlertEvent[] {
    const at = new Date(now).toISOString();
    const seen = new Set<string>();
    const events: AlertEvent[] = [];
    for (const c of conditions) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const held = this.#active.get(c.key);
      if (held) {
        // Still firing: keep the newest figures for readers, announce nothing.
        this.#active.set(c.key, { ...c, since: held.since });
        continue;
      }
      const alert = { ...c, since: at };
      this.#active.set(c.key, alert);
      events.push({ status: 'firing', alert, at });
    }
    for (const [key, alert] of this.#active) {
      if (seen.has(key)) continue;
      this.#active.delete(key);
      events.push({ status: 'resolved', alert, at });
    }
    for (const e of events) this.#history.push(e);
    if (this.#history.length > this.#historySize) this.#history.splice(0, this.#history.length - this.#historySize);
    return events;
  }

  active(): Alert[] {
    return [...this.#active.values()];
  }

  /** Newest first. */
  history(limit = this.#historySize): AlertEvent[] {
    return this.#history.slice(-limit).reverse();
  }
}
