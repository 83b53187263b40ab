// An ephemeral table (a player's private table) closes itself after it has had no
// members for a while; a shared table never does. The clock is a tagged state rather
// than a nullable timer: the table is either watched, or waiting out its idle time.
import type { TimerRef } from '../../runtime/index.ts';
import type { ProcessClock } from './timers.ts';

/** The message the idle clock sends its table. */
export type IdleFired = { type: 'idle' };

type IdleState = { type: 'watched' } | { type: 'waiting'; timer: TimerRef };

export class IdleClock {
  readonly #clock: ProcessClock;
  readonly #ms: number;
  #state: IdleState = { type: 'watched' };

  constructor(clock: ProcessClock, ms: number) {
    this.#clock = clock;
    this.#ms = ms;
  }

  get waiting(): boolean {
    return this.#state.type === 'waiting';
  }

  /** Starts waiting, unless it already is. */
  arm(): void {
    if (this.#state.type === 'waiting') return;
    this.#state = { type: 'waiting', timer: this.#clock.sendAfter({ type: 'idle' } satisfies IdleFired, this.#ms) };
  }

  /** Someone came: stop waiting. */
  disarm(): void {
    if (this.#state.type === 'waiting') this.#clock.cancelTimer(this.#state.timer);
    this.#state = { type: 'watched' };
  }

  /** The wait ran out (the table then closes, or arms again if a round is running). */
  fired(): void {
    this.#state = { type: 'watched' };
  }
}
