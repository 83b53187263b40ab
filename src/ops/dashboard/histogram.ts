// Latency over the last few seconds from a Prometheus histogram. The histogram only counts
// up (cumulative buckets since start), so a window's distribution is the difference of two
// readings, and its quantiles are interpolated inside a bucket as PromQL's
// histogram_quantile does: good to a bucket's width, which is all a chart needs.
import type { Registry } from 'prom-client';

export interface Buckets {
  /** upper bounds, ascending, +Infinity last */
  le: number[];
  /** cumulative counts per bound, summed over every label set */
  counts: number[];
}

export async function readBuckets(registry: Registry, name: string): Promise<Buckets | null> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return null;
  const { values } = await metric.get();
  const byLe = new Map<number, number>();
  for (const v of values as Array<(typeof values)[number] & { metricName?: string }>) {
    if (v.metricName !== `${name}_bucket`) continue;
    const raw = String(v.labels['le']);
    const le = raw === '+Inf' ? Infinity : Number(raw);
    byLe.set(le, (byLe.get(le) ?? 0) + v.value);
  }
  const le = [...byLe.keys()].sort((a, b) => a - b);
  return { le, counts: le.map((b) => byLe.get(b)!) };
}

/** What was observed between two readings (all of `now` when there is no earlier one of the same shape). */
export function between(earlier: Buckets | null, now: Buckets): Buckets {
  if (!earlier || earlier.le.length !== now.le.length) return now;
  return { le: now.le, counts: now.counts.map((c, i) => c - earlier.counts[i]!) };
}

/** The q-quantile (0–1) in the histogram's unit, or null when it holds no observation. */
export function quantile(q: number, b: Buckets): number | null {
  const total = b.counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < b.le.length; i++) {
    const c = b.counts[i]!;
    if (c < rank) continue;
    const lo = i === 0 ? 0 : b.le[i - 1]!;
    const hi = b.le[i]!;
    // Beyond the last finite bound nothing is known but that it is larger.
    if (hi === Infinity) return lo;
    const below = i === 0 ? 0 : b.counts[i - 1]!;
    return c === below ? hi : lo + ((hi - lo) * (rank - below)) / (c - below);
  }
  return null;
}
