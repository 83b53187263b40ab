// The non-flush half of the evaluator: every multiset of `size` ranks (at most 4 of a
// rank) with its rank-key sum and its best non-flush hand value, and the
// row-displacement packing that folds the sparse sums into a dense table.
//
// Packing (first-fit over ~4 K rows) takes about 2 s, too slow for module load, so
// gen-rank-offsets.ts runs it once and commits the row offsets to rank-offsets.json;
// at load only the cheap fill runs. A test re-runs the packing and compares.
import { rankCountsRaw } from './score.ts';
import { valueOfRaw } from './values.ts';

export const RANK_KEYS = [0, 1, 5, 22, 98, 453, 2031, 8698, 22854, 83661, 262349, 636345, 1479181];
export const ROW_BITS = 11;
const COL_MASK = (1 << ROW_BITS) - 1;

/** Calls `visit` once per multiset of `size` ranks (at most 4 of a rank) with its key sum. */
export function forEachMultiset(size: number, visit: (counts: Uint8Array, key: number) => void): void {
  const counts = new Uint8Array(13);
  const walk = (rank: number, left: number, key: number): void => {
    if (rank === 13) {
      if (left === 0) visit(counts, key);
      return;
    }
    for (let n = 0; n <= Math.min(4, left); n++) {
      counts[rank] = n;
      walk(rank + 1, left - n, key + n * RANK_KEYS[rank]!);
    }
    counts[rank] = 0;
  };
  walk(0, size, 0);
}

export function multisetKeys(size: number): Int32Array {
  const keys: number[] = [];
  forEachMultiset(size, (_, key) => keys.push(key));
  return Int32Array.from(keys);
}

/** Row offsets such that key + offsets[key >> ROW_BITS] is distinct for every key. */
export function packRows(keys: Int32Array): number[] {
  const rowCount = (Math.max(...keys) >> ROW_BITS) + 1;
  const start = new Int32Array(rowCount + 1);
  for (const k of keys) start[(k >> ROW_BITS) + 1]!++;
  for (let r = 0; r < rowCount; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, rowCount);
  const byRow = new Int32Array(keys.length);
  keys.forEach((k, i) => (byRow[fill[k >> ROW_BITS]!++] = k & COL_MASK));
  // densest rows first, each at the lowest displacement where none of its columns is taken
  const size = (r: number) => start[r + 1]! - start[r]!;
  const order = Array.from({ length: rowCount }, (_, r) => r).sort((a, b) => size(b) - size(a) || a - b);
  const offsets = new Array<number>(rowCount).fill(0);
  // generous: packing ends well below this, and an overrun throws rather than wraps
  const used = new Uint8Array(keys.length * 8 + COL_MASK + 1);
  let firstFree = 0;
  for (const row of order) {
    const lo = start[row]!;
    const hi = start[row + 1]!;
    if (lo === hi) continue;
    while (used[firstFree]) firstFree++;
    let base = firstFree - byRow[lo]!;
    for (;; base++) {
      let j = lo;
      while (j < hi && base + byRow[j]! >= 0 && !used[base + byRow[j]!]) j++;
      if (j === hi) break;
    }
    for (let j = lo; j < hi; j++) {
      if (base + byRow[j]! >= used.length) throw new Error('rank table packing overran its buffer');
      if (used[base + byRow[j]!]) throw new Error('rank keys collide');
      used[base + byRow[j]!] = 1;
    }
    offsets[row] = base - (row << ROW_BITS);
  }
  return offsets;
}

export interface RankTable {
  offsets: Int32Array;
  values: Uint16Array;
}

export const lookup = (t: RankTable, key: number): number => t.values[key + t.offsets[key >> ROW_BITS]!]!;

/**
 * Fills the dense table from committed offsets; throws if they do not fit the keys.
 * Five ranks are scored directly. For six or seven the best hand leaves one card out,
 * so the value is the best of the (size - 1)-card table over each rank that can be
 * dropped: a few lookups instead of a full scoring, which keeps module load short.
 */
export function fillRankTable(size: number, offsets: readonly number[], smaller?: RankTable): RankTable {
  if (size > 5 && !smaller) throw new Error(`the ${size}-card table is built from the ${size - 1}-card one`);
  const off = Int32Array.from(offsets);
  let top = 0;
  forEachMultiset(size, (_, k) => (top = Math.max(top, k + off[k >> ROW_BITS]! + 1)));
  const table = { offsets: off, values: new Uint16Array(top) };
  forEachMultiset(size, (counts, k) => {
    let v = 0;
    if (smaller) {
      for (let r = 0; r < 13; r++) if (counts[r]) v = Math.max(v, lookup(smaller, k - RANK_KEYS[r]!));
    } else v = valueOfRaw(rankCountsRaw(counts));
    const slot = k + off[k >> ROW_BITS]!;
    if (slot < 0 || table.values[slot] !== 0) throw new Error(`rank-offsets.json does not fit the ${size}-card keys: regenerate it`);
    table.values[slot] = v;
  });
  return table;
}
