// Records whether each component is up (migration 112, `availability_spans`): every
// `everyMs` it asks the probe for every component's state and extends each one's open span
// to now, or closes it and opens a new one when the state changed. When the database
// itself is down nothing can be written: the spans wait in memory and are written once it
// answers again, so the database's own outage is recorded too (by this node).
import { availabilityByDay, type DayAvailability, type Span } from './availability.ts';

/** What the recorder needs of a store (src/store's Store has it). */
export interface SpanStore {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface RecorderOptions {
  store: SpanStore;
  /** Every component's state now: name → up. */
  probe(): Promise<Record<string, boolean>>;
  everyMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

interface OpenSpan extends Span {
  id: number | null;
}

const MAX_DAYS = 366;
const DAY = 86_400_000;

export class AvailabilityRecorder {
  readonly #o: Required<RecorderOptions>;
  readonly #open = new Map<string, OpenSpan>();
  /** Closed spans not written yet (the database was down when they closed). */
  readonly #closed: OpenSpan[] = [];
  #timer: NodeJS.Timeout | undefined;
  #recording: Promise<void> | null = null;
  /** When the last probe was taken: a report reaches up to it (the time since is not known yet). */
  #probedAt: number | null = null;

  constructor(o: RecorderOptions) {
    this.#o = { everyMs: 10_000, now: Date.now, onError: () => {}, ...o };
  }

  start(): void {
    if (this.#timer) return;
    void this.record();
    this.#timer = setInterval(() => void this.record(), this.#o.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#recording;
  }

  /** Each component's state as last probed, and since when. */
  current(): Array<{ component: string; up: boolean; since: number }> {
    return [...this.#open.values()].map((s) => ({ component: s.component, up: s.up, since: s.since })).sort((a, b) => a.component.localeCompare(b.component));
  }

  /** One probe, written; overlapping calls share the one in progress. */
  record(): Promise<void> {
    this.#recording ??= this.#record().catch((err: unknown) => this.#o.onError(err)).finally(() => { this.#recording = null; });
    return this.#recording;
  }

  /** Availability per component and UTC day, `from`–`to` inclusive (YYYY-MM-DD), after a fresh probe. */
  async report(from: string, to: string): Promise<DayAvailability[]> {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`) + DAY;
    if (!(b > a) || (b - a) / DAY > MAX_DAYS) throw new RangeError(`from must not be after to, and at most ${MAX_DAYS} days apart`);
    await this.record();
    const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
    const spans = await this.#o.store.query<{ component: string; up: boolean; since: number; until: number }>(
      `SELECT component, up, ${ms('since')} AS since, ${ms('until')} AS until FROM availability_spans WHERE until >= to_timestamp($1::float8 / 1000) AND since < to_timestamp($2::float8 / 1000)`,
      [a, b],
    );
    const first = await this.#o.store.query<{ component: string; first: number }>(`SELECT component, ${ms('min(since)')} AS first FROM availability_spans GROUP BY component`);
    const firstSeen = new Map(first.filter((r) => r.first < b).map((r) => [r.component, Number(r.first)]));
    return availabilityByDay(spans.map((s) => ({ ...s, since: Number(s.since), until: Number(s.until) })), firstSeen, a, b, this.#probedAt ?? this.#o.now());
  }

  async #record(): Promise<void> {
    let states: Record<string, boolean>;
    try {
      states = await this.#o.probe();
    } catch (err) {
      this.#o.onError(err);
      return;
    }
    const now = this.#o.now();
    this.#probedAt = now;
    for (const [component, up] of Object.entries(states)) {
      const open = this.#open.get(component);
      if (open && open.up === up) {
        open.until = now;
        continue;
      }
      if (open) {
        open.until = now;
        this.#closed.push(open);
      }
      // A new span starts where the old one ended, so a change leaves no gap.
      this.#open.set(component, { id: null, component, up, since: now, until: now });
    }
    await this.#write();
  }

  async #write(): Promise<void> {
    const all = [...this.#closed, ...this.#open.values()];
    const known = all.filter((s) => s.id !== null);
    const fresh = all.filter((s) => s.id === null);
    if (known.length > 0) {
      await this.#o.store.query(
        'UPDATE availability_spans s SET until = to_timestamp(v.until / 1000) FROM unnest($1::bigint[], $2::float8[]) AS v(id, until) WHERE s.id = v.id',
        [known.map((s) => s.id), known.map((s) => s.until)],
      );
    }
    if (fresh.length > 0) {
      const rows = await this.#o.store.query<{ id: string | number; component: string; since: number }>(
        `INSERT INTO availability_spans (component, up, since, until)
         SELECT v.component, v.up, to_timestamp(v.since / 1000), to_timestamp(v.until / 1000)
         FROM unnest($1::text[], $2::bool[], $3::float8[], $4::float8[]) AS v(component, up, since, until)
         RETURNING id, component, (extract(epoch from since) * 1000)::float8 AS since`,
        [fresh.map((s) => s.component), fresh.map((s) => s.up), fresh.map((s) => s.since), fresh.map((s) => s.until)],
      );
      // Matched by component and start (RETURNING's order is not promised).
      const ids = new Map(rows.map((r) => [`${r.component}@${Math.round(Number(r.since))}`, Number(r.id)]));
      for (const s of fresh) s.id = ids.get(`${s.component}@${s.since}`) ?? null;
    }
    // Written: closed spans need no more updates.
    this.#closed.length = 0;
  }
}
