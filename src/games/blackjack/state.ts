// The shape of a blackjack round. The lifecycle is a tagged union:
//   betting → (deal) → insurance? → playing → settled
// "dealing" and "the dealer's turn" happen inside a single step (they need no player
// input), so they are events, not resting states. Every state carries the shoe, which
// stays hidden from views: `cards` is only read by the engine.
import type { Card } from '../cards.ts';
import type { BlackjackRules } from './rules.ts';

export interface Shoe {
  /** the shuffled shoe, never mutated once made (empty for an infinite deck) */
  cards: readonly Card[];
  next: number;
  /** reshuffle before a round once `next` reaches this index */
  cut: number;
}

export interface Hand {
  cards: Card[];
  /** the stake on this hand, doubled included */
  stake: number;
  doubled: boolean;
  fromSplit: boolean;
  surrendered: boolean;
  /** no further action on this hand (stood, busted, 21, doubled, split aces, surrendered) */
  done: boolean;
}

export interface SeatState {
  seat: number;
  bet: number;
  hands: Hand[];
  /** undefined while undecided in the insurance phase; 0 = declined */
  insurance?: number;
}

export interface SeatResult {
  seat: number;
  /** everything the seat put on the table this round: bets, doubles, splits, insurance */
  staked: number;
  /** everything paid back to it, stakes included */
  won: number;
}

interface Common {
  round: number;
  rules: BlackjackRules;
  shoe: Shoe;
}

export type BlackjackState =
  | (Common & { type: 'betting'; bets: { seat: number; amount: number }[] })
  | (Common & { type: 'insurance'; seats: SeatState[]; dealer: Card[] })
  | (Common & { type: 'playing'; seats: SeatState[]; dealer: Card[]; turn: { seat: number; hand: number } })
  | (Common & { type: 'settled'; seats: SeatState[]; dealer: Card[]; dealerTotal: number; results: SeatResult[] });

export type PlayerMove = 'hit' | 'stand' | 'double' | 'split' | 'surrender';

export type BlackjackAction =
  | { type: 'bet'; seat: number; amount: number }
  | { type: 'deal' }
  | { type: 'insurance' | 'no_insurance'; seat: number }
  | { type: PlayerMove; seat: number };

export type BlackjackEvent =
  | { type: 'bet_placed'; seat: number; amount: number }
  | { type: 'shuffled'; cards: number }
  /** the dealer's hole card is never in an event before `dealer_revealed` */
  | { type: 'dealt'; seats: { seat: number; cards: Card[] }[]; dealer_up: Card }
  | { type: 'insurance_offered' }
  | { type: 'insurance'; seat: number; amount: number }
  | { type: 'peeked'; blackjack: boolean }
  | { type: 'turn'; seat: number; hand: number }
  | { type: 'card'; seat: number; hand: number; card: Card; total: number }
  | { type: 'split'; seat: number; hand: number; stake: number }
  | { type: 'doubled'; seat: number; hand: number; stake: number }
  | { type: 'stood' | 'busted' | 'surrendered'; seat: number; hand: number }
  | { type: 'dealer_revealed'; cards: Card[]; total: number }
  | { type: 'dealer_card'; card: Card; total: number }
  | { type: 'settled'; outcome: { dealer: Card[]; total: number; blackjack: boolean }; results: SeatResult[] };

export const newTable = (rules: BlackjackRules): BlackjackState => ({
  type: 'betting', round: 1, rules, shoe: { cards: [], next: 0, cut: 0 }, bets: [],
});

/** The next round at the same table: same rules, the shoe carries on. */
export const nextRound = (s: BlackjackState): BlackjackState => ({ type: 'betting', round: s.round + 1, rules: s.rules, shoe: s.shoe, bets: [] });
