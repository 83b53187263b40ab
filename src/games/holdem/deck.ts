// Where every card of a hand comes from. The deck is shuffled once, at the start of the
// hand, with the injected Rng (Fisher–Yates over a fresh 52-card deck). With n players:
// hole cards are deck[0..2n) dealt one at a time, twice round, starting left of the
// button; then burn, flop (3), burn, turn, burn, river. So the seed alone fixes every
// card, which is what `fairOutcome` (fair.ts) shows a player verifying a hand.
import { freshDeck, type Card } from '../cards.ts';
import { shuffle } from '../rng/shuffle.ts';
import type { Rng } from '../rng/types.ts';
import type { Street } from './types.ts';

export const shuffledDeck = (rng: Rng): Card[] => shuffle(rng, freshDeck());

/** The i-th player's hole cards (i counted clockwise from the seat left of the button). */
export const holeCards = (deck: readonly Card[], players: number, i: number): [Card, Card] => [deck[i]!, deck[i + players]!];

/** Burn one card, then turn over the street's cards. Returns them and the new `dealt`. */
export function streetCards(deck: readonly Card[], dealt: number, street: Exclude<Street, 'preflop'>): { cards: Card[]; dealt: number } {
  const n = street === 'flop' ? 3 : 1;
  return { cards: deck.slice(dealt + 1, dealt + 1 + n), dealt: dealt + 1 + n };
}

/** The whole deal of a hand that reaches the river: hole cards in deal order, and the board. */
export function fullDeal(deck: readonly Card[], players: number): { holes: Array<[Card, Card]>; board: Card[] } {
  const holes = Array.from({ length: players }, (_, i) => holeCards(deck, players, i));
  let dealt = 2 * players;
  const board: Card[] = [];
  for (const street of ['flop', 'turn', 'river'] as const) {
    const next = streetCards(deck, dealt, street);
    board.push(...next.cards);
    dealt = next.dealt;
  }
  return { holes, board };
}
