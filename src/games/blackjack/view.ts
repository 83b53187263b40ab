// What a client may see. The dealer's hole card stays hidden until the dealer's turn
// (it is shown as null), and the shoe only as a count of cards left: its order is the
// round's secret. Hands and bets are public at a blackjack table, so one view serves
// every seat and spectator.
import type { Card } from '../cards.ts';
import type { BlackjackState, PlayerMove, SeatResult, SeatState } from './state.ts';
import { totalOf } from './hand.ts';
import { legalMoves } from './play.ts';

export interface BlackjackView {
  /** the round's phase; the client contract calls it `tag` (docs/protocol.md) */
  tag: BlackjackState['type'];
  round: number;
  shoe: { decks: number; remaining: number | null };
  bets?: { seat: number; amount: number }[];
  seats?: (Omit<SeatState, 'hands'> & { hands: { cards: Card[]; total: number; stake: number; doubled: boolean; surrendered: boolean; done: boolean }[] })[];
  /** the up card, then null for the hidden hole card until the dealer's turn */
  dealer?: (Card | null)[];
  dealer_total?: number;
  turn?: { seat: number; hand: number };
  /** the moves open to the seat whose turn it is, so clients grey out the rest */
  legal?: PlayerMove[];
  results?: SeatResult[];
}

export function view(s: BlackjackState): BlackjackView {
  const remaining = s.rules.decks === 0 ? null : s.shoe.cards.length - s.shoe.next;
  const base = { tag: s.type, round: s.round, shoe: { decks: s.rules.decks, remaining } };
  if (s.type === 'betting') return { ...base, bets: s.bets.map((b) => ({ ...b })) };
  const seats = s.seats.map((x) => ({
    ...x,
    hands: x.hands.map((h) => ({ cards: [...h.cards], total: totalOf(h.cards), stake: h.stake, doubled: h.doubled, surrendered: h.surrendered, done: h.done })),
  }));
  if (s.type === 'settled') return { ...base, seats, dealer: [...s.dealer], dealer_total: s.dealerTotal, results: s.results };
  const dealer = s.dealer.map((c, i) => (i === 0 ? c : null));
  if (s.type === 'insurance') return { ...base, seats, dealer };
  const seat = s.seats.find((x) => x.seat === s.turn.seat)!;
  return { ...base, seats, dealer, turn: { ...s.turn }, legal: [...legalMoves(s.rules, seat, seat.hands[s.turn.hand]!)] };
}
