// What a hand reports, in order. The table layer journals every event and broadcasts
// them, except private ones: an event with a `to` field is for that seat's player only
// (hole cards). Use `eventAudience` rather than testing fields by hand.
import type { Opening } from './commit.ts';
import type { HandResult, Pot, ShownHand, Street } from './types.ts';

export type PostKind = 'ante' | 'small_blind' | 'big_blind';

export type HoldemEvent =
  | {
      type: 'hand_started';
      /** The root every card of the hand is committed under (commit.ts), published before any action. */
      commitment: string;
      button: number;
      small_blind: number;
      big_blind: number;
      ante: number;
      seats: Array<{ seat: number; player_id: string; stack: number }>;
    }
  | { type: 'blinds_posted'; posts: Array<{ seat: number; kind: PostKind; amount: number; all_in: boolean }> }
  /** Private to seat `to`. */
  | { type: 'hole_cards_dealt'; to: number; seat: number; cards: string[]; openings: Opening[] }
  | {
      type: 'action';
      seat: number;
      /** What the player did; a timeout is reported as the check or fold it became. */
      action: 'fold' | 'check' | 'call' | 'bet' | 'raise' | 'all_in';
      /** Chips this action added. */
      amount: number;
      /** The player's total on this street after the action. */
      to: number;
      stack: number;
      all_in: boolean;
      timeout: boolean;
    }
  | { type: 'bet_returned'; seat: number; amount: number }
  | { type: 'street'; street: Exclude<Street, 'preflop'>; cards: string[]; board: string[]; openings: Opening[] }
  | { type: 'pots'; pots: Pot[] }
  | { type: 'showdown'; hands: Array<ShownHand | { seat: number; mucked: true }> }
  | { type: 'pot_awarded'; pot: number; amount: number; winners: Array<{ seat: number; amount: number }> }
  | ({ type: 'hand_ended' } & HandResult);

/** null: everyone at the table may see it; a seat number: only that seat's player. */
export function eventAudience(e: HoldemEvent): number | null {
  return e.type === 'hole_cards_dealt' ? e.to : null;
}
