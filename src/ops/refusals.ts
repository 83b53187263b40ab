// One warn line per refused connection or request (bad or expired token, rate limit,
// origin…) with the reason and the client address, so an operator can see who is
// knocking and why. Bounded: a flood of refusals must not become a flood of log lines,
// so past `perSecond` lines in a second the rest are counted, and the next line that is
// written says how many were left out (`suppressed`).
import type { Logger } from './logger.ts';

export interface Refusal {
  /** where it was refused: before a WebSocket upgrade, or an HTTP request */
  via: 'socket' | 'http';
  reason: string;
  ip: string | undefined;
  status: number;
  /** HTTP: method and path (never the query, which may carry a token) */
  route?: string;
}

export class RefusalLog {
  readonly #log: Logger;
  readonly #perSecond: number;
  readonly #now: () => number;
  #windowStart = 0;
  #written = 0;
  #suppressed = 0;

  constructor(log: Logger, opts: { perSecond?: number; now?: () => number } = {}) {
    this.#log = log;
    this.#perSecond = opts.perSecond ?? 50;
    this.#now = opts.now ?? Date.now;
  }

  refused(r: Refusal): void {
    const now = this.#now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#written = 0;
    }
    if (this.#written >= this.#perSecond) {
      this.#suppressed++;
      return;
    }
    this.#written++;
    const suppressed = this.#suppressed;
    this.#suppressed = 0;
    this.#log.warn({ ...r, ...(suppressed > 0 ? { suppressed } : {}) }, 'refused');
  }
}
