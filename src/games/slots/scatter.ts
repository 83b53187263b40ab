// Scatter counting without enumerating the cycle. The number of scatters a reel shows
// depends on that reel's stop only, and reels stop independently, so the distribution
// of the window's total is the convolution of the per-reel distributions: exact, in
// bigint counts out of the full cycle.

/** columnScatters[r][p] = scatters in the window of reel r at stop p. */
export function columnScatters(strips: readonly (readonly number[])[], rows: number, scatter: number): number[][] {
  return strips.map((strip) =>
    strip.map((_, p) => {
      let n = 0;
      for (let row = 0; row < rows; row++) if (strip[(p + row) % strip.length] === scatter) n++;
      return n;
    }),
  );
}

/** Per reel, how many stops show 0, 1, 2, ... scatters. */
export function perReelCounts(columns: readonly (readonly number[])[]): bigint[][] {
  return columns.map((col) => {
    const counts: bigint[] = [];
    for (const n of col) {
      while (counts.length <= n) counts.push(0n);
      counts[n]!++;
    }
    return counts;
  });
}

/** Convolves per-reel count vectors: result[k] = combinations of reels[from..] showing k in total. */
export function convolve(perReel: readonly (readonly bigint[])[], from = 0): bigint[] {
  let acc: bigint[] = [1n];
  for (let r = from; r < perReel.length; r++) {
    const reel = perReel[r]!;
    const next: bigint[] = new Array<bigint>(acc.length + reel.length - 1).fill(0n);
    for (let i = 0; i < acc.length; i++) for (let j = 0; j < reel.length; j++) next[i + j]! += acc[i]! * reel[j]!;
    acc = next;
  }
  return acc;
}

/** Combinations of the whole cycle showing exactly k scatters, for k = 0, 1, ... */
export function scatterCountDistribution(strips: readonly (readonly number[])[], rows: number, scatter: number): bigint[] {
  if (scatter < 0) return [strips.reduce((c, s) => c * BigInt(s.length), 1n)];
  return convolve(perReelCounts(columnScatters(strips, rows, scatter)));
}
