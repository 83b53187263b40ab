// Lookup tables for the evaluator, built at module load (~100 ms).
//
// Each card has one key: rank key * 256 + suit key, so one sum of 7 lookups carries
// both halves (below 2^31, so it stays an int32).
//
// Flushes: the suit keys (0, 1, 25, 32) are the smallest for which the suit part of
// the sum (below 256) tells which suit, if any, holds five or more of the 5, 6 or 7
// cards (found by exhaustive search; checked here while building FLUSH_SUIT). The
// ranks of that suit form a 13-bit mask and FLUSH_VALUE[mask] is the best flush or
// straight flush.
//
// Everything else depends only on the multiset of ranks: the rank part of the sum
// (below 2^23) is distinct for every multiset (SKPokerEval's rank keys), and a
// row-displacement perfect hash (slot = sum + offsets[sum >> ROW_BITS]) folds those
// sparse sums into a dense Uint16Array (about 134 K entries for 7 cards) that stays
// in cache.
import rankOffsets from './rank-offsets.json' with { type: 'json' };
import { fillRankTable, RANK_KEYS, ROW_BITS } from './rank-multisets.ts';
import { flushRaw } from './score.ts';
import { popcount, valueOfRaw } from './values.ts';

export { ROW_BITS };
export const SUIT_KEYS = [0, 1, 25, 32];
export const SUIT_BITS = 8;

export const CARD_KEY = new Int32Array(52);
export const CARD_BIT = new Int32Array(52);
for (let c = 0; c < 52; c++) {
  CARD_KEY[c] = RANK_KEYS[c >> 2]! * (1 << SUIT_BITS) + SUIT_KEYS[c & 3]!;
  CARD_BIT[c] = 1 << (c >> 2);
}

/** For `size` cards: suit-key sum -> 1 + the suit holding five or more cards, 0 if none. */
function flushSuitTable(size: number): Uint8Array {
  const table = new Uint8Array(1 << SUIT_BITS);
  const seen = new Int8Array(1 << SUIT_BITS).fill(-2);
  for (let a = 0; a <= size; a++)
    for (let b = 0; a + b <= size; b++)
      for (let c = 0; a + b + c <= size; c++) {
        const counts = [a, b, c, size - a - b - c];
        const sum = counts.reduce((s, n, suit) => s + n * SUIT_KEYS[suit]!, 0);
        const flush = counts.findIndex((n) => n >= 5);
        if (seen[sum] !== -2 && seen[sum] !== flush) throw new Error(`suit keys cannot tell flushes apart for ${size} cards`);
        seen[sum] = flush;
        table[sum] = flush + 1;
      }
  return table;
}
export const FLUSH_SUIT5 = flushSuitTable(5);
export const FLUSH_SUIT6 = flushSuitTable(6);
export const FLUSH_SUIT7 = flushSuitTable(7);

export const FLUSH_VALUE = new Uint16Array(8192);
for (let mask = 0; mask < 8192; mask++) if (popcount(mask) >= 5) FLUSH_VALUE[mask] = valueOfRaw(flushRaw(mask));

if (rankOffsets.rowBits !== ROW_BITS) throw new Error('rank-offsets.json was generated for another ROW_BITS: regenerate it');
export const RANK5 = fillRankTable(5, rankOffsets.offsets['5']);
export const RANK6 = fillRankTable(6, rankOffsets.offsets['6'], RANK5);
export const RANK7 = fillRankTable(7, rankOffsets.offsets['7'], RANK6);
