// Hand classes before compression. A "raw score" packs a 5-card hand class into one
// integer whose numeric order is poker order: category in bits 20+, then up to five
// tie-break ranks (most significant first) in 4-bit fields. The 7,462 distinct raw
// scores are later renumbered 1..7462 (see values.ts); the tables store only that.
// This file is only used while building tables and for descriptions: never per hand.

export const CATEGORIES = [
  'high_card',
  'one_pair',
  'two_pair',
  'three_of_a_kind',
  'straight',
  'flush',
  'full_house',
  'four_of_a_kind',
  'straight_flush',
] as const;
export type Category = (typeof CATEGORIES)[number];

// Category indexes, weakest first (the index is the raw score's top field).
export const HIGH = 0;
export const PAIR = 1;
export const TWO_PAIR = 2;
export const TRIPS = 3;
export const STRAIGHT = 4;
export const FLUSH = 5;
export const FULL_HOUSE = 6;
export const QUADS = 7;
export const STRAIGHT_FLUSH = 8;

export function pack(category: number, ranks: readonly number[]): number {
  let s = category;
  for (let i = 0; i < 5; i++) s = (s << 4) | (ranks[i] ?? 0);
  return s;
}

export const categoryOfRaw = (raw: number): number => raw >>> 20;
export const ranksOfRaw = (raw: number): number[] => [16, 12, 8, 4, 0].map((sh) => (raw >>> sh) & 15);

/** Highest straight in a 13-bit rank mask, as its top rank (3 = five-high wheel), or -1. */
export function straightHigh(mask: number): number {
  for (let h = 12; h >= 4; h--) if (((mask >>> (h - 4)) & 31) === 31) return h;
  // the wheel A-2-3-4-5: the ace (bit 12) plays low
  return (mask & 0x100f) === 0x100f ? 3 : -1;
}

/** The top `n` set bits of a rank mask, highest first. */
function topRanks(mask: number, n: number): number[] {
  const out: number[] = [];
  for (let r = 12; r >= 0 && out.length < n; r--) if (mask & (1 << r)) out.push(r);
  return out;
}

/** Best flush or straight flush among the ranks of one suit (mask has >= 5 bits). */
export function flushRaw(mask: number): number {
  const sh = straightHigh(mask);
  return sh >= 0 ? pack(STRAIGHT_FLUSH, [sh]) : pack(FLUSH, topRanks(mask, 5));
}

/**
 * Best hand that is not a flush from rank counts (counts[r] = cards of rank r, 5..7
 * cards in all). With at most 7 cards a flush excludes quads and full houses, so the
 * evaluator may use this for every hand without a five-card suit.
 */
export function rankCountsRaw(counts: ArrayLike<number>): number {
  let present = 0;
  const byCount: number[][] = [[], [], [], [], []];
  for (let r = 12; r >= 0; r--) {
    const n = counts[r]!;
    if (n > 0) present |= 1 << r;
    byCount[n]!.push(r);
  }
  const [, , pairs, trips, quads] = byCount as [number[], number[], number[], number[], number[]];
  const without = (...rs: number[]) => rs.reduce((m, r) => m & ~(1 << r), present);
  if (quads.length) return pack(QUADS, [quads[0]!, ...topRanks(without(quads[0]!), 1)]);
  if (trips.length && trips.length + pairs.length >= 2) {
    // the pair part may come from a second set of trips
    const pair = Math.max(trips[1] ?? -1, pairs[0] ?? -1);
    return pack(FULL_HOUSE, [trips[0]!, pair]);
  }
  const sh = straightHigh(present);
  if (sh >= 0) return pack(STRAIGHT, [sh]);
  if (trips.length) return pack(TRIPS, [trips[0]!, ...topRanks(without(trips[0]!), 2)]);
  if (pairs.length >= 2) return pack(TWO_PAIR, [pairs[0]!, pairs[1]!, ...topRanks(without(pairs[0]!, pairs[1]!), 1)]);
  if (pairs.length === 1) return pack(PAIR, [pairs[0]!, ...topRanks(without(pairs[0]!), 3)]);
  return pack(HIGH, topRanks(present, 5));
}
