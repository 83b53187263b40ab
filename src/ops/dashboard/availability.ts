// Availability per component and per UTC day, from recorded up/down spans (pure: the
// recorder reads the spans, this does the arithmetic). A day's window runs from the day's
// start, or the component's first record if later, to the day's end or now; the share of
// it covered by an up span is its availability. Time no span covers counts as down: a
// server that was not running recorded nothing, and neither could anything it watches.
// Spans of one component from several nodes may overlap; their union is what counts.

export interface Span {
  component: string;
  up: boolean;
  /** epoch ms */
  since: number;
  until: number;
}

export interface DayAvailability {
  /** YYYY-MM-DD (UTC) */
  day: string;
  component: string;
  observed_seconds: number;
  up_seconds: number;
  /** percent with three decimals, or null when the window is empty */
  availability_percent: number | null;
}

const DAY = 86_400_000;

/** Up intervals of one component, merged (sorted, non-overlapping). */
export function upIntervals(spans: readonly Span[]): Array<[number, number]> {
  const ups = spans.filter((s) => s.up && s.until > s.since).map((s) => [s.since, s.until] as [number, number]).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of ups) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Rows for every component in `firstSeen` and every UTC day from `from` (inclusive) to `to`
 * (exclusive), both day starts in epoch ms; a day before a component's first record, or
 * after `now`, has no row.
 */
export function availabilityByDay(spans: readonly Span[], firstSeen: ReadonlyMap<string, number>, from: number, to: number, now: number): DayAvailability[] {
  const byComponent = new Map<string, Span[]>();
  for (const s of spans) {
    let l = byComponent.get(s.component);
    if (!l) byComponent.set(s.component, (l = []));
    l.push(s);
  }
  const rows: DayAvailability[] = [];
  for (let day = from; day < to; day += DAY) {
    for (const component of [...firstSeen.keys()].sort()) {
      const start = Math.max(day, firstSeen.get(component)!);
      const end = Math.min(day + DAY, now);
      if (end <= start) continue;
      let up = 0;
      for (const [a, b] of upIntervals(byComponent.get(component) ?? [])) up += Math.max(0, Math.min(b, end) - Math.max(a, start));
      const observed = end - start;
      rows.push({
        day: new Date(day).toISOString().slice(0, 10), component,
        observed_seconds: Math.round(observed / 1000), up_seconds: Math.round(up / 1000),
        availability_percent: Math.round((up / observed) * 100_000) / 1000,
      });
    }
  }
  return rows;
}

const CSV_HEAD = 'day,component,up_seconds,observed_seconds,availability_percent';

/** RFC 4180: a field with a comma, quote or line break is quoted. */
const field = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function availabilityCsv(rows: readonly DayAvailability[]): string {
  return [CSV_HEAD, ...rows.map((r) => [r.day, r.component, r.up_seconds, r.observed_seconds, r.availability_percent].map(field).join(','))].join('\r\n') + '\r\n';
}
