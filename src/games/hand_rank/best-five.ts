// The five cards that make a hand's value, for showdown display: tried over the
// (at most 21) five-card subsets, then ordered as players read them: sets first
// (bigger, then higher), a straight from its top card with the wheel's ace last.
import { rankOf, type Card } from '../cards.ts';
import { evaluate, evaluate5 } from './evaluate.ts';
import { categoryOfRaw, STRAIGHT, STRAIGHT_FLUSH } from './score.ts';
import { VALUE_RAW } from './values.ts';

export function bestFive(cards: readonly Card[]): Card[] {
  const value = evaluate(cards);
  const n = cards.length;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++)
        for (let d = c + 1; d < n; d++)
          for (let e = d + 1; e < n; e++) {
            const five = [cards[a]!, cards[b]!, cards[c]!, cards[d]!, cards[e]!];
            if (evaluate5(five[0]!, five[1]!, five[2]!, five[3]!, five[4]!) === value) return displayOrder(five, value);
          }
  throw new Error('unreachable: no five cards reach the hand value');
}

function displayOrder(five: Card[], value: number): Card[] {
  const count = new Map<number, number>();
  for (const c of five) count.set(rankOf(c), (count.get(rankOf(c)) ?? 0) + 1);
  const cat = categoryOfRaw(VALUE_RAW[value]!);
  const isWheel = (cat === STRAIGHT || cat === STRAIGHT_FLUSH) && five.some((c) => rankOf(c) === 3) && five.some((c) => rankOf(c) === 12);
  // the wheel's ace plays as a one
  const rank = (c: Card) => (isWheel && rankOf(c) === 12 ? -1 : rankOf(c));
  return five.slice().sort((x, y) => count.get(rankOf(y))! - count.get(rankOf(x))! || rank(y) - rank(x) || y - x);
}
