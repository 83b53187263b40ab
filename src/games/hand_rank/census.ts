// Exhaustive census: every 5-card (2,598,960) or 7-card (133,784,560) hand from one
// deck, counted by category and by distinct value. The loops carry the partial key
// sum down the nesting, so the innermost step is one add and one or two table reads
// (the same arithmetic as evaluate5/evaluate7, inlined: a call per hand would double
// the time of the 7-card run).
import { CATEGORIES, type Category } from './score.ts';
import { VALUE_CATEGORY } from './category.ts';
import { CARD_BIT as BIT, CARD_KEY as K, FLUSH_SUIT5, FLUSH_SUIT7, FLUSH_VALUE, RANK5, RANK7, ROW_BITS, SUIT_BITS } from './lookup.ts';
import { CLASS_COUNT } from './values.ts';

export interface Census {
  hands: number;
  categories: Record<Category, number>;
  distinct: number;
}

/** Called after each block of hands with the running and final totals. */
export type Progress = (done: number, total: number) => void;

const SUIT_MASK = (1 << SUIT_BITS) - 1;
const bitIf = (c: number, s: number): number => BIT[c]! & -((c & 3) === s ? 1 : 0);

export function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

export function census(cards: 5 | 7, onProgress?: Progress): Census {
  const hist = new Float64Array(CLASS_COUNT + 1);
  if (cards === 5) census5(hist, onProgress);
  else if (cards === 7) census7(hist, onProgress);
  else throw new RangeError(`census covers 5- or 7-card hands, not ${cards}`);
  // best category first, as hand-ranking charts list them
  const categories = Object.fromEntries([...CATEGORIES].reverse().map((c) => [c, 0])) as Record<Category, number>;
  let hands = 0;
  let distinct = 0;
  for (let v = 1; v <= CLASS_COUNT; v++) {
    if (hist[v] === 0) continue;
    hands += hist[v]!;
    distinct++;
    categories[CATEGORIES[VALUE_CATEGORY[v]!]!] += hist[v]!;
  }
  return { hands, categories, distinct };
}

function census5(hist: Float64Array, onProgress?: Progress): void {
  const total = choose(52, 5);
  const { offsets, values } = RANK5;
  let done = 0;
  for (let a = 0; a < 48; a++) {
    for (let b = a + 1; b < 49; b++) {
      for (let c = b + 1; c < 50; c++) {
        for (let d = c + 1; d < 51; d++) {
          const kd = K[a]! + K[b]! + K[c]! + K[d]!;
          for (let e = d + 1; e < 52; e++) {
            const k = kd + K[e]!;
            let v: number;
            if (FLUSH_SUIT5[k & SUIT_MASK] !== 0) v = FLUSH_VALUE[BIT[a]! | BIT[b]! | BIT[c]! | BIT[d]! | BIT[e]!]!;
            else {
              const r = k >>> SUIT_BITS;
              v = values[r + offsets[r >> ROW_BITS]!]!;
            }
            hist[v]!++;
          }
        }
      }
    }
    done += choose(51 - a, 4);
    onProgress?.(done, total);
  }
}

function census7(hist: Float64Array, onProgress?: Progress): void {
  const total = choose(52, 7);
  const { offsets, values } = RANK7;
  // Uint32 counts in the inner loop (faster increments); no value occurs 2^32 times
  const counts = new Uint32Array(hist.length);
  let done = 0;
  for (let a = 0; a < 46; a++) {
    for (let b = a + 1; b < 47; b++) {
      const kb = K[a]! + K[b]!;
      for (let c = b + 1; c < 48; c++) {
        const kc = kb + K[c]!;
        for (let d = c + 1; d < 49; d++) {
          const kd = kc + K[d]!;
          for (let e = d + 1; e < 50; e++) {
            const ke = kd + K[e]!;
            for (let f = e + 1; f < 51; f++) {
              const kf = ke + K[f]!;
              for (let g = f + 1; g < 52; g++) {
                const k = kf + K[g]!;
                const fs = FLUSH_SUIT7[k & SUIT_MASK]!;
                if (fs !== 0) {
                  const s = fs - 1;
                  counts[FLUSH_VALUE[bitIf(a, s) | bitIf(b, s) | bitIf(c, s) | bitIf(d, s) | bitIf(e, s) | bitIf(f, s) | bitIf(g, s)]!]!++;
                } else {
                  const r = k >>> SUIT_BITS;
                  counts[values[r + offsets[r >> ROW_BITS]!]!]!++;
                }
              }
            }
          }
        }
      }
      done += choose(51 - b, 5);
      onProgress?.(done, total);
    }
  }
  for (let v = 0; v < counts.length; v++) hist[v] = counts[v]!;
}
