// Renumbers the 7,462 five-card hand classes 1..7462 (higher is better), so tables
// can hold Uint16 values and any two hands compare with a plain integer comparison.
import { flushRaw, rankCountsRaw } from './score.ts';

export const CLASS_COUNT = 7462;

/** Every distinct 5-card raw score, ascending: index + 1 is the hand value. */
function allFiveCardRaws(): Int32Array {
  const raws = new Set<number>();
  const counts = new Uint8Array(13);
  // every multiset of 5 ranks with at most 4 of a rank, i.e. every non-flush hand shape
  const walk = (rank: number, left: number): void => {
    if (rank === 13) {
      if (left === 0) raws.add(rankCountsRaw(counts));
      return;
    }
    for (let n = 0; n <= Math.min(4, left); n++) {
      counts[rank] = n;
      walk(rank + 1, left - n);
    }
    counts[rank] = 0;
  };
  walk(0, 5);
  // every set of 5 distinct ranks in one suit
  for (let mask = 0; mask < 8192; mask++) if (popcount(mask) === 5) raws.add(flushRaw(mask));
  const sorted = Int32Array.from(raws).sort();
  if (sorted.length !== CLASS_COUNT) throw new Error(`expected ${CLASS_COUNT} hand classes, found ${sorted.length}`);
  return sorted;
}

export function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** VALUE_RAW[v] = raw score of hand value v (index 0 unused). */
export const VALUE_RAW = new Int32Array(CLASS_COUNT + 1);
const rawToValue = new Map<number, number>();
allFiveCardRaws().forEach((raw, i) => {
  VALUE_RAW[i + 1] = raw;
  rawToValue.set(raw, i + 1);
});

export function valueOfRaw(raw: number): number {
  const v = rawToValue.get(raw);
  if (v === undefined) throw new Error(`not a hand class: ${raw}`);
  return v;
}
