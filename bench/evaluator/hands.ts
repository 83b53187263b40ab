// The evaluator workload: random 7-card hands from a seeded generator (so every
// run and every library sees the same hands), in each library's own input form,
// converted before timing starts.
import { cardToString } from '../../src/games/cards.ts';

/** xorshift32: reproducible and cheap; statistical quality is plenty for dealing test hands. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** `count` hands of 7 distinct cards 0..51, flat: hand i is [7i, 7i+7). */
export function randomHands(count: number, seed = 0x5eed): Uint8Array {
  const next = xorshift(seed);
  const deck = Uint8Array.from({ length: 52 }, (_, i) => i);
  const out = new Uint8Array(count * 7);
  for (let h = 0; h < count; h++) {
    // Partial Fisher–Yates: the first 7 positions become a uniform random 7-subset.
    for (let i = 0; i < 7; i++) {
      const j = i + (next() % (52 - i));
      const t = deck[i];
      deck[i] = deck[j];
      deck[j] = t;
      out[h * 7 + i] = deck[i];
    }
  }
  return out;
}

export function handStrings(hands: Uint8Array, count: number): string[][] {
  const out: string[][] = [];
  for (let h = 0; h < count; h++) out.push(Array.from(hands.subarray(h * 7, h * 7 + 7), cardToString));
  return out;
}
