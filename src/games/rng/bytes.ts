// Unbiased integers from a stream of random 32-bit words. Rejection sampling: a word
// is accepted only below the largest multiple of n that fits in 2^32, so every
// residue is equally likely (no modulo bias).
import type { Rng } from './types.ts';

export abstract class WordRng implements Rng {
  /** The next uniformly distributed 32-bit unsigned word from the underlying stream. */
  protected abstract nextWord(): number;

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`rng range must be an integer in [1, 2^32], got ${n}`);
    if (n === 1) return 0;
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % n;
    }
  }
}
