// Who is at a table: members (one entry per joined channel process — a player may watch
// from two devices) and seats (at most one per player). Pure bookkeeping; the room
// decides what a change means for the game.
import type { Pid } from '../../runtime/index.ts';
import { PitbossError } from '../../errors.ts';
import type { Seat } from './types.ts';

export interface Member {
  pid: Pid;
  playerId: string;
  name: string;
}

export class Seating {
  readonly #members = new Map<Pid, Member>();
  readonly #seats = new Map<number, Seat>();

  get seats(): ReadonlyMap<number, Seat> {
    return this.#seats;
  }

  get memberCount(): number {
    return this.#members.size;
  }

  members(): IterableIterator<Member> {
    return this.#members.values();
  }

  /** True when this pid was not a member yet. */
  addMember(pid: Pid, playerId: string, name: string): boolean {
    const fresh = !this.#members.has(pid);
    this.#members.set(pid, { pid, playerId, name });
    return fresh;
  }

  /** The player id when this was that player's last channel here, else null. */
  removeMember(pid: Pid): string | null {
    const m = this.#members.get(pid);
    if (!m) return null;
    this.#members.delete(pid);
    return this.isPresent(m.playerId) ? null : m.playerId;
  }

  isPresent(playerId: string): boolean {
    for (const m of this.#members.values()) if (m.playerId === playerId) return true;
    return false;
  }

  nameOf(playerId: string): string | null {
    for (const m of this.#members.values()) if (m.playerId === playerId) return m.name;
    for (const s of this.#seats.values()) if (s.playerId === playerId) return s.name;
    return null;
  }

  seatOf(playerId: string): number | null {
    for (const s of this.#seats.values()) if (s.playerId === playerId) return s.seat;
    return null;
  }

  sit(playerId: string, name: string, want: number | undefined, capacity: number): Seat {
    if (this.seatOf(playerId) !== null) throw new PitbossError('already_seated');
    if (want !== undefined) {
      if (!Number.isSafeInteger(want) || want < 0 || want >= capacity) {
        throw new PitbossError('invalid_payload', `seat must be an integer from 0 to ${capacity - 1}`, { field: 'seat' });
      }
      if (this.#seats.has(want)) throw new PitbossError('seat_taken');
    }
    const seat = want ?? [...Array(capacity).keys()].find((n) => !this.#seats.has(n));
    if (seat === undefined) throw new PitbossError('table_full');
    const s: Seat = { seat, playerId, name };
    this.#seats.set(seat, s);
    return s;
  }

  unsit(playerId: string): Seat | null {
    const n = this.seatOf(playerId);
    if (n === null) return null;
    const s = this.#seats.get(n)!;
    this.#seats.delete(n);
    return s;
  }
}
