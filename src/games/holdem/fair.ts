// The hand a provably-fair seed triple determines (used by `pitboss verify`): the deck
// order the engine shuffles from the fair stream, and, given the number of players dealt
// in, each one's hole cards (clockwise from the seat left of the button) and the board
// as it falls if the hand reaches the river.
import { cardToString } from '../cards.ts';
import type { Rng } from '../types.ts';
import { fullDeal, shuffledDeck } from './deck.ts';

export function fairOutcome(rng: Rng, opts: Record<string, unknown> = {}): { deck: string[]; holes?: string[][]; board?: string[] } {
  const deck = shuffledDeck(rng);
  const players = opts.players;
  if (!Number.isSafeInteger(players) || (players as number) < 2 || (players as number) > 9) return { deck: deck.map(cardToString) };
  const deal = fullDeal(deck, players as number);
  return { deck: deck.map(cardToString), holes: deal.holes.map((h) => h.map(cardToString)), board: deal.board.map(cardToString) };
}
