// Small statistics kit for the RNG tests: the checks a gaming lab runs (chi-square
// goodness of fit, Wald–Wolfowitz runs, lag-1 serial correlation), each with its 99%
// acceptance bound.
import type { Rng } from '../../../src/games/rng/index.ts';

export const CHI2_99 = { 23: 41.638, 36: 58.619, 51: 77.386 } as const;
export const Z_99 = 2.5758;

export function counts(rng: Rng, n: number, draws: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) c[rng.int(n)]!++;
  return c;
}

/** Pearson's statistic against a uniform expectation. */
export function chiSquare(observed: readonly number[]): number {
  const total = observed.reduce((s, x) => s + x, 0);
  const expected = total / observed.length;
  return observed.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
}

/** Runs above/below the midpoint: z-score of the number of runs (|z| < Z_99 passes). */
export function runsZ(values: readonly number[], n: number): number {
  const mid = (n - 1) / 2;
  const above = values.filter((v) => v !== mid).map((v) => v > mid);
  let runs = 1;
  for (let i = 1; i < above.length; i++) if (above[i] !== above[i - 1]) runs++;
  const n1 = above.filter(Boolean).length;
  const n2 = above.length - n1;
  const N = n1 + n2;
  const mean = (2 * n1 * n2) / N + 1;
  const variance = (2 * n1 * n2 * (2 * n1 * n2 - N)) / (N * N * (N - 1));
  return (runs - mean) / Math.sqrt(variance);
}

/** Lag-1 autocorrelation times sqrt(n): about standard normal for an independent stream. */
export function serialZ(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    den += d * d;
    if (i + 1 < n) num += d * (values[i + 1]! - mean);
  }
  return (num / den) * Math.sqrt(n);
}

/** The production CSPRNG is not seedable, so a 99% test fails 1 run in 100 by design.
 * Accept when either of two independent samples passes: a false alarm is then 1 in
 * 10,000, while a real defect still fails both. */
export function passesOneOfTwo(check: () => boolean): boolean {
  return check() || check();
}
