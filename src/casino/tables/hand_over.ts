// Hand-over: a table leaving a draining node for another node between rounds (cluster
// mode, docs/cluster.md "Drain and rolling restarts"). The table refuses to open a new
// round (a clean retry: `unavailable`, `cause: table_moving`), lets the running round finish
// and settle as usual, then gives its manager a HandOver — what the new owner cannot read
// back from the ledger — and exits with the reason MOVED (a shutdown: its supervisor does
// not restart it, its claim and its players' stacks stay for the new owner).
//
// What is handed over and why:
// - the seats: who sits where (their stacks are in the ledger, in each player's chips
//   account at the table, which the new owner reads as the single node does);
// - the game's state, for games that journal it (hold'em's button and stacks, blackjack's
//   shoe position): it is plain JSON there; the other games start a fresh state, as after a
//   round recovered by failover;
// - with that state, the game's timers armed between rounds (hold'em's next hand), as
//   wall-clock deadlines: the new owner arms them for what is left, or the game would wait
//   for an input that never comes;
// - the event numbering, so `seq` keeps growing for clients across the move, and the chat.
// No round is open when it is taken, so the new owner recovers nothing.
import { z } from 'zod';
import { PitbossError } from '../../errors.ts';
import type { ExitReason } from '../../runtime/index.ts';
import type { ChatMessage } from '../chat/index.ts';
import type { Seat } from './types.ts';

export interface HandOver {
  seats: Seat[];
  /** present for games whose state is journaled as JSON (`journalState`) */
  state?: unknown;
  /** game timers armed when the table stopped: name → when it fires (epoch ms) */
  timers: Record<string, number>;
  seq: number;
  chat: ChatMessage[];
}

/** The exit reason of a table handed over to another node: a shutdown, not restarted. */
export const MOVED: ExitReason = Object.freeze({ shutdown: 'moved' });

export function isMoved(reason: ExitReason): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { shutdown?: unknown }).shutdown === 'moved';
}

/** The refusal of a call the table cannot take while it moves: the client sends it again (it will reach the new owner). */
export function movingRefusal(tableId: string, what: string): PitbossError {
  return new PitbossError('unavailable', `the table is moving to another server between rounds: ${what}; try again`, { cause: 'table_moving', table_id: tableId, retry: true });
}

// Not client input: a record our own draining node wrote to Redis for the new owner. Checked
// for the shape the room relies on; the game's state is the adapter's own value.
const Id = z.string().min(1).max(128);
export const HandOverRecord = z.object({
  seats: z.array(z.object({ seat: z.number().int().min(0).max(99), playerId: Id, name: z.string().max(256) })).max(100),
  state: z.unknown().optional(),
  timers: z.record(z.string().min(1).max(64), z.number()).refine((t) => Object.keys(t).length <= 32),
  seq: z.number().int().min(0),
  chat: z.array(z.object({ player_id: Id, name: z.string().max(256), text: z.string().max(4096), at: z.number() })).max(1000),
});

export function parseHandOver(v: unknown): HandOver | null {
  const r = HandOverRecord.safeParse(v);
  return r.success ? (r.data as HandOver) : null;
}
