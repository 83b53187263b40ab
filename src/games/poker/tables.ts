// Lookup tables for the evaluator, built at module load.
//
// Flushes: a card's suit key puts a 1 in a 3-bit field per suit, so the sum of the
// keys of up to 7 cards holds all four suit counts; FLUSH_SUIT maps that sum to
// 1 + the suit with five or more cards (0 = no flush). The ranks of that suit form
// a 13-bit mask and FLUSH_VALUE[mask] is the best flush or straight flush.
//
// Everything else depends only on the multiset of ranks. Each rank has a key chosen
// so that sums of up to 7 keys (at most 4 of a rank) are all distinct (the
// SKPokerEval keys); the sum is below 2^23. A row-displacement perfect hash
// (slot = sum + offsets[sum >> ROW_BITS]) folds those sparse sums into a dense
// Uint16Array (about 100 K entries for 7 cards) that stays in cache.
import rankOffsets from './rank-offsets.json' with { type: 'json' };
import { fillRankTable, RANK_KEYS, ROW_BITS } from './rank-multisets.ts';
import { flushRaw } from './score.ts';
import { popcount, valueOfRaw } from './values.ts';

export { ROW_BITS };

export const CARD_RANK_KEY = new Int32Array(52);
export const CARD_SUIT_KEY = new Int32Array(52);
export const CARD_BIT = new Int32Array(52);
for (let c = 0; c < 52; c++) {
  CARD_RANK_KEY[c] = RANK_KEYS[c >> 2]!;
  CARD_SUIT_KEY[c] = 1 << (3 * (c & 3));
  CARD_BIT[c] = 1 << (c >> 2);
}

export const FLUSH_SUIT = new Uint8Array(4096);
for (let s = 0; s < 4096; s++) {
  for (let suit = 0; suit < 4; suit++) if (((s >> (3 * suit)) & 7) >= 5) FLUSH_SUIT[s] = suit + 1;
}

export const FLUSH_VALUE = new Uint16Array(8192);
for (let mask = 0; mask < 8192; mask++) if (popcount(mask) >= 5) FLUSH_VALUE[mask] = valueOfRaw(flushRaw(mask));

if (rankOffsets.rowBits !== ROW_BITS) throw new Error('rank-offsets.json was generated for another ROW_BITS: regenerate it');
export const RANK5 = fillRankTable(5, rankOffsets.offsets['5']);
export const RANK6 = fillRankTable(6, rankOffsets.offsets['6']);
export const RANK7 = fillRankTable(7, rankOffsets.offsets['7']);
