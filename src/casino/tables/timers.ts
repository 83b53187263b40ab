// A table's game timers, by name (a turn, a betting window, the next hand). Each arming
// gets a fresh id, which its firing carries: a timer that fired while the table was
// handling the action that answered it sits in the mailbox though it was cancelled or
// re-armed since. Its id is no longer the timer's, so it is known stale and must not act
// for the next turn. Each armed timer also keeps when it will fire, so the table's views
// can tell clients their deadlines (a turn, a betting window) as times, not guesses.
import type { TimerRef } from '../../runtime/index.ts';
import type { Effect } from './types.ts';

export type TimerEffect = Extract<Effect, { type: 'timer' | 'cancel_timer' }>;

/** The process's own clock (GenServer sendAfter / cancelTimer). */
export interface ProcessClock {
  sendAfter(msg: unknown, ms: number): TimerRef;
  cancelTimer(ref: TimerRef): void;
  /** the wall clock deadlines are given in (epoch ms); Date.now by default */
  now?(): number;
}

/** The message a game timer sends its table. */
export type TimerFired = { type: 'timer'; name: string; id: number };

export class GameTimers {
  readonly #clock: ProcessClock;
  readonly #armed = new Map<string, { ref: TimerRef; id: number; at: number }>();
  #ids = 0;

  constructor(clock: ProcessClock) {
    this.#clock = clock;
  }

  /** Arms (or cancels) a game timer; each arming gets a new id, so an older firing is known stale. */
  set(e: TimerEffect): void {
    const old = this.#armed.get(e.name);
    if (old) this.#clock.cancelTimer(old.ref);
    this.#armed.delete(e.name);
    if (e.type === 'cancel_timer') return;
    const id = ++this.#ids;
    const at = (this.#clock.now?.() ?? Date.now()) + e.ms;
    this.#armed.set(e.name, { ref: this.#clock.sendAfter({ type: 'timer', name: e.name, id } satisfies TimerFired, e.ms), id, at });
  }

  /** Some game timer is armed (a table with one must not hibernate: it would miss it). */
  get armed(): boolean {
    return this.#armed.size > 0;
  }

  /** When each armed timer fires (epoch ms), by name. */
  deadlines(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, { at }] of this.#armed) out[name] = at;
    return out;
  }

  /** A firing: true (and the timer is done) when it is the current arming, false when stale. */
  fired(name: string, id: unknown): boolean {
    if (this.#armed.get(name)?.id !== id) return false;
    this.#armed.delete(name);
    return true;
  }
}
