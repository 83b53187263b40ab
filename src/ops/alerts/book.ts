// Which alerts are active, and their history. A finding seen again while its alert is
// active is the same alert (de-duplication: it is announced once); an active alert whose
// finding is gone is resolved (announced once more, as resolved). A finding must be seen
// for `holdMs` before it fires, so one bad sample does not page anyone.
import type { Finding } from './rules.ts';

export interface ActiveAlert extends Finding {
  since: number;
  /** Last sample that still showed it. */
  lastSeen: number;
}

export interface Transition {
  kind: 'fired' | 'resolved';
  at: number;
  alert: ActiveAlert;
}

export class AlertBook {
  readonly #holdMs: number;
  readonly #historySize: number;
  /** Seen but not yet held long enough: key → first seen. */
  readonly #pending = new Map<string, number>();
  readonly #active = new Map<string, ActiveAlert>();
  readonly #history: Transition[] = [];

  constructor(opts: { holdMs?: number; historySize?: number } = {}) {
    this.#holdMs = opts.holdMs ?? 0;
    this.#historySize = opts.historySize ?? 1000;
  }

  /** Takes one sample's findings; returns what changed (each alert fires once, resolves once). */
  update(findings: readonly Finding[], now: number): Transition[] {
    const changed: Transition[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.key);
      const a = this.#active.get(f.key);
      if (a) {
        a.lastSeen = now;
        a.message = f.message; // the latest figures; not announced again
        continue;
      }
      const first = this.#pending.get(f.key) ?? now;
      if (now - first < this.#holdMs) {
        this.#pending.set(f.key, first);
        continue;
      }
      this.#pending.delete(f.key);
      const alert: ActiveAlert = { ...f, since: now, lastSeen: now };
      this.#active.set(f.key, alert);
      changed.push({ kind: 'fired', at: now, alert: { ...alert } });
    }
    for (const key of this.#pending.keys()) if (!seen.has(key)) this.#pending.delete(key);
    for (const [key, a] of this.#active) {
      if (seen.has(key)) continue;
      this.#active.delete(key);
      changed.push({ kind: 'resolved', at: now, alert: { ...a } });
    }
    for (const t of changed) this.#record(t);
    return changed;
  }

  active(): ActiveAlert[] {
    return [...this.#active.values()].map((a) => ({ ...a }));
  }

  /** Newest last. */
  history(): Transition[] {
    return this.#history.slice();
  }

  #record(t: Transition): void {
    this.#history.push(t);
    if (this.#history.length > this.#historySize) this.#history.splice(0, this.#history.length - this.#historySize);
  }
}
