// Showdown text for a hand value, e.g. "Full house, kings over fives". The text names
// what decides the category (the ranks of the sets, the top card), as dealers say it;
// kickers are left to the best-five display.
import { categoryOfRaw, ranksOfRaw, FLUSH, FULL_HOUSE, HIGH, PAIR, QUADS, STRAIGHT, STRAIGHT_FLUSH, TRIPS, TWO_PAIR } from './score.ts';
import { CLASS_COUNT, VALUE_RAW } from './values.ts';

const ONE = ['deuce', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'jack', 'queen', 'king', 'ace'];
const MANY = ['deuces', 'threes', 'fours', 'fives', 'sixes', 'sevens', 'eights', 'nines', 'tens', 'jacks', 'queens', 'kings', 'aces'];

export function describe(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > CLASS_COUNT) throw new RangeError(`not a hand value: ${value}`);
  const raw = VALUE_RAW[value]!;
  const [r0, r1] = ranksOfRaw(raw) as [number, number];
  switch (categoryOfRaw(raw)) {
    case STRAIGHT_FLUSH:
      return r0 === 12 ? 'Royal flush' : `Straight flush, ${ONE[r0]} high`;
    case QUADS:
      return `Four of a kind, ${MANY[r0]}`;
    case FULL_HOUSE:
      return `Full house, ${MANY[r0]} over ${MANY[r1]}`;
    case FLUSH:
      return `Flush, ${ONE[r0]} high`;
    case STRAIGHT:
      return `Straight, ${ONE[r0]} high`;
    case TRIPS:
      return `Three of a kind, ${MANY[r0]}`;
    case TWO_PAIR:
      return `Two pair, ${MANY[r0]} and ${MANY[r1]}`;
    case PAIR:
      return `Pair of ${MANY[r0]}`;
    case HIGH:
    default:
      return `High card, ${ONE[r0]}`;
  }
}
