// Hibernation: a single-player table with nothing in progress (no round open, no timer
// armed, nobody away) does not keep a process. After `hibernateMs` without a message it
// hands the manager a Slumber — the few facts it cannot rebuild — and exits with the
// reason HIBERNATE; the next message for it starts a process from that record
// (room.ts `wake`), which re-watches the members' channels and tells them the new pid.
//
// What is kept and why:
// - the game's state and the seats: what the next round starts from (a slot machine's
//   `last` outcome, who sits where);
// - the members (channel pids): the table still has them, and re-monitors them on waking —
//   a channel that closed meanwhile answers the monitor with 'noproc', which runs the usual
//   seat grace;
// - the event numbering and its last events: `seq` continues, and a client resuming from a
//   recent seq still gets the events it missed (older than the tail: too_old, as when the
//   log's ring has moved on);
// - the chat scroll-back.
// What is not kept: the idempotency front (the ledger keeps every key's answer; ActCache
// reads it back, as after a restart) and the Views last sent (the next change sends one).
//
// Nothing about recovery changes: a hibernated table has no open round, so a server that
// stops or crashes meanwhile has nothing of it to resolve.
import type { ExitReason, Pid, TimerRef } from '../../runtime/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { ChatMessage } from '../chat/index.ts';
import type { Member } from './seating.ts';
import type { ProcessClock } from './timers.ts';
import type { Seat } from './types.ts';

export interface Slumber {
  /** the game's state (the adapter's own value, kept as is) */
  state: unknown;
  seats: readonly Seat[];
  members: readonly Member[];
  /** the last public event's number */
  seq: number;
  /** the last public events (at most TAIL_EVENTS), oldest first */
  events: readonly JsonObject[];
  chat: readonly ChatMessage[];
}

const NONE: readonly never[] = Object.freeze([]);

/** A record's list: the one shared empty list when there is nothing (most tables have no chat). */
export function kept<T>(items: T[]): readonly T[] {
  return items.length === 0 ? NONE : items;
}

/** Events a hibernated table keeps for `resume` (a live table keeps up to 256). */
export const TAIL_EVENTS = 32;

/** The exit reason of a table that hibernated: a shutdown, so its supervisor does not restart it. */
export const HIBERNATE: ExitReason = Object.freeze({ shutdown: 'hibernate' });

export function isHibernation(reason: ExitReason): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { shutdown?: unknown }).shutdown === 'hibernate';
}

/** The message a woken table sends each member's channel: its table has a new pid. */
export type RoomWoke = { type: 'room_woke'; pid: Pid };

/** The message the sleep clock sends its table. */
export type SleepFired = { type: 'hibernate' };

/**
 * When a table has been quiet for `ms`. One timer at a time, not one per message: each
 * message only notes the time, and a firing that comes early waits out the rest.
 */
export class SleepClock {
  readonly #clock: ProcessClock;
  readonly #ms: number;
  #timer: TimerRef | null = null;
  #quietSince = 0;

  /** `ms` 0: never. */
  constructor(clock: ProcessClock, ms: number) {
    this.#clock = clock;
    this.#ms = ms;
  }

  /** The table handled a message: the quiet starts now. */
  touch(): void {
    if (this.#ms <= 0) return;
    this.#quietSince = Date.now();
    this.#timer ??= this.#clock.sendAfter({ type: 'hibernate' } satisfies SleepFired, this.#ms);
  }

  /** The timer fired: true when the table has been quiet for the whole time (else it waits out the rest). */
  fired(): boolean {
    this.#timer = null;
    const left = this.#quietSince + this.#ms - Date.now();
    if (left <= 0) return true;
    this.#timer = this.#clock.sendAfter({ type: 'hibernate' } satisfies SleepFired, left);
    return false;
  }
}
