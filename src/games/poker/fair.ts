// What a provably-fair seed triple determines for hold'em (`pitboss verify --game
// poker`): the deck order from one Fisher–Yates shuffle of the fair stream, dealt as
// the hold'em engine deals it (src/games/holdem/engine.ts, streets.ts): one card at
// a time, twice round, starting left of the button; then burn and three, burn and one,
// burn and one. Option `players` (2..22, default 2) is the number dealt in.
import type { Rng } from '../types.ts';
import { cardToString, freshDeck } from '../cards.ts';
import { shuffle } from '../rng/shuffle.ts';
import { bestFive } from './best-five.ts';
import { describe } from './describe.ts';
import { evaluate7 } from './evaluate.ts';

export interface PokerFairOutcome {
  /** the whole shuffled deck, top card first */
  deck: string[];
  /** hole cards in dealing order: index 0 is the first player left of the button */
  hole: string[][];
  burns: string[];
  board: string[];
  /** each player's hand if all went to showdown, and the winning player indexes */
  showdown: { hands: { best: string[]; value: number; description: string }[]; winners: number[] };
}

export function fairOutcome(rng: Rng, opts: Record<string, unknown> = {}): PokerFairOutcome {
  const players = opts.players ?? 2;
  if (typeof players !== 'number' || !Number.isInteger(players) || players < 2 || players > 22) {
    throw new RangeError(`players must be an integer from 2 to 22, got ${String(players)}`);
  }
  const deck = shuffle(rng, freshDeck());
  const hole = Array.from({ length: players }, (_, i) => [deck[i]!, deck[i + players]!]);
  const at = 2 * players;
  const burns = [deck[at]!, deck[at + 4]!, deck[at + 6]!];
  const board = [deck[at + 1]!, deck[at + 2]!, deck[at + 3]!, deck[at + 5]!, deck[at + 7]!];
  const hands = hole.map(([a, b]) => {
    const value = evaluate7(a!, b!, board[0]!, board[1]!, board[2]!, board[3]!, board[4]!);
    return { best: bestFive([a!, b!, ...board]).map(cardToString), value, description: describe(value) };
  });
  const top = Math.max(...hands.map((h) => h.value));
  return {
    deck: deck.map(cardToString),
    hole: hole.map((h) => h.map(cardToString)),
    burns: burns.map(cardToString),
    board: board.map(cardToString),
    showdown: { hands, winners: hands.flatMap((h, i) => (h.value === top ? [i] : [])) },
  };
}
