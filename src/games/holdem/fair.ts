// What a hand's seeds determine (`pitboss verify --game holdem` with the seeds, which only
// staff and auditors hold: a hold'em server seed is never revealed, see commit.ts): the
// deck order the engine shuffles from the fair stream, the root of its card commitment,
// and, given the number of players dealt in, each one's hole cards (clockwise from the
// seat left of the button), the burns and the board as they fall if the hand reaches the
// river. Players verify without the seed, by their openings (`pitboss verify --openings`).
import { cardToString } from '../cards.ts';
import type { Rng } from '../types.ts';
import { commitDeck, drawSalts } from './commit.ts';
import { fullDeal, shuffledDeck } from './deck.ts';
import { MAX_SEATS } from './types.ts';

export interface HoldemFairOutcome {
  /** the whole shuffled deck, top card first */
  deck: string[];
  /** the root published at hand_started */
  commitment: string;
  /** with `players`: hole cards in dealing order (index 0 is the first player left of the button) */
  holes?: string[][];
  burns?: string[];
  board?: string[];
}

export function fairOutcome(rng: Rng, opts: Record<string, unknown> = {}): HoldemFairOutcome {
  const players = opts.players;
  if (players !== undefined && (!Number.isSafeInteger(players) || (players as number) < 2 || (players as number) > MAX_SEATS)) {
    throw new RangeError(`players must be an integer from 2 to ${MAX_SEATS}, got ${JSON.stringify(players)}`);
  }
  // The same draws as newHand: the shuffle, then the salts.
  const deck = shuffledDeck(rng);
  const commitment = commitDeck(deck, drawSalts(rng)).root;
  if (players === undefined) return { deck: deck.map(cardToString), commitment };
  const n = players as number;
  const deal = fullDeal(deck, n);
  const burns = [2 * n, 2 * n + 4, 2 * n + 6].map((i) => cardToString(deck[i]!));
  return { deck: deck.map(cardToString), commitment, holes: deal.holes.map((h) => h.map(cardToString)), burns, board: deal.board.map(cardToString) };
}
