// The live dashboard's feed (docs/operations.md, "The live dashboard"). Every second it
// takes a point for the charts — connections, messages and bets per second, round
// settlement latency, memory, players online — and keeps the last ten minutes of them,
// watched or not, so a dashboard opened now starts with a history. While someone watches
// it also reads the panels (`sections`: tables, terminals, jackpots, alerts…) and hands the
// snapshot to each watcher. Statuses it is shown (terminals, alerts, components) are
// compared tick to tick; each change is an entry of the event history.
//
// The feed knows nothing of roles: every part is filed under a section name, and the admin
// channel drops the sections a role may not see (src/casino/admin/view.ts).
import type { JsonObject } from '../../wire/index.ts';
import { between, quantile, type Buckets } from './histogram.ts';

export interface FeedSources {
  /** Running totals since start; the feed turns them into rates. */
  totals(): { messagesIn: number; messagesOut: number; bets: number };
  connections(): number;
  playersOnline(): number;
  memory(): { rss: number; heap_used: number };
  /** The round-settlement histogram's cumulative buckets (seconds). */
  settlement?(): Promise<Buckets | null>;
  /** Panels by section name, read only while someone watches. */
  sections(): Promise<Record<string, unknown>>;
  /** What is watched for changes: one status per key, filed under a section. */
  statuses(): Array<{ key: string; section: string; status: string; detail?: string }>;
}

/** A chart point: each group is a section the role filter keeps or drops whole. */
export interface Point extends JsonObject {
  t: number;
  system: { connections: number; messages_in_per_s: number; messages_out_per_s: number; settle_p50_ms: number | null; settle_p95_ms: number | null; rss: number; heap_used: number };
  tables: { bets_per_s: number };
  players: { online: number };
}

export interface FeedEvent extends JsonObject {
  at: number;
  section: string;
  key: string;
  /** the new status; `gone` when the key is no longer reported (a resolved alert) */
  status: string;
  previous: string | null;
  detail: string | null;
}

export interface Snapshot extends JsonObject {
  at: number;
  node: string;
  point: Point;
  sections: Record<string, unknown>;
  /** the newest events, newest first */
  events: FeedEvent[];
}

export interface FeedOptions {
  node: string;
  sources: FeedSources;
  everyMs?: number;
  /** chart points kept (default 600: ten minutes at one a second) */
  keep?: number;
  /** events kept (default 500) */
  keepEvents?: number;
  /** the latency window, in ticks (default 5) */
  latencyTicks?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

type Watcher = (s: Snapshot) => void;

export class DashboardFeed {
  readonly #o: Required<Omit<FeedOptions, 'onError'>> & { onError: (err: unknown) => void };
  readonly #points: Point[] = [];
  readonly #events: FeedEvent[] = [];
  readonly #watchers = new Set<Watcher>();
  readonly #readings: Array<Buckets | null> = [];
  #statuses: Map<string, { section: string; key: string; status: string }> | null = null;
  #last: { at: number; totals: ReturnType<FeedSources['totals']> } | null = null;
  #latest: Snapshot | null = null;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | null = null;

  constructor(o: FeedOptions) {
    this.#o = { everyMs: 1000, keep: 600, keepEvents: 500, latencyTicks: 5, now: Date.now, onError: () => {}, ...o };
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#o.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#watchers.clear();
    await this.#ticking;
  }

  /** Called with every snapshot until the returned function is called. */
  watch(fn: Watcher): () => void {
    this.#watchers.add(fn);
    return () => void this.#watchers.delete(fn);
  }

  /** The chart points kept, oldest first. */
  points(): Point[] {
    return this.#points.slice();
  }

  /** The events kept, newest first. */
  events(limit = this.#o.keepEvents): FeedEvent[] {
    return this.#events.slice(-limit).reverse();
  }

  /** A snapshot as of now (made now when none is fresh: a dashboard just opened must not wait a tick). */
  async snapshot(): Promise<Snapshot> {
    const fresh = () => this.#latest !== null && this.#o.now() - this.#latest.at < this.#o.everyMs;
    // A tick already running may be an unwatched one that reads no panels: then take another.
    for (let i = 0; i < 3 && !fresh(); i++) await this.tick({ force: true });
    if (this.#latest === null) throw new Error('the dashboard feed could not take a snapshot');
    return this.#latest;
  }

  /** One sample (the timer calls it; tests may). A call during a sample waits for it and takes none of its own. */
  tick(opts: { force?: boolean } = {}): Promise<void> {
    this.#ticking ??= this.#tick(opts.force === true)
      .catch((err: unknown) => this.#o.onError(err))
      .finally(() => { this.#ticking = null; });
    return this.#ticking;
  }

  async #tick(force: boolean): Promise<void> {
    const s = this.#o.sources;
    const now = this.#o.now();
    const point = await this.#point(now);
    this.#points.push(point);
    if (this.#points.length > this.#o.keep) this.#points.splice(0, this.#points.length - this.#o.keep);
    this.#diff(s.statuses(), now);
    if (this.#watchers.size === 0 && !force) return;
    this.#latest = { at: now, node: this.#o.node, point, sections: await s.sections(), events: this.events(50) };
    for (const w of this.#watchers) {
      try {
        w(this.#latest);
      } catch (err) {
        this.#o.onError(err);
      }
    }
  }

  async #point(now: number): Promise<Point> {
    const s = this.#o.sources;
    const totals = s.totals();
    const secs = this.#last && now > this.#last.at ? (now - this.#last.at) / 1000 : 0;
    const rate = (k: keyof typeof totals) => (secs > 0 ? Math.max(0, Math.round(((totals[k] - this.#last!.totals[k]) / secs) * 10) / 10) : 0);
    const point: Point = {
      t: now,
      system: {
        connections: s.connections(), messages_in_per_s: rate('messagesIn'), messages_out_per_s: rate('messagesOut'),
        settle_p50_ms: null, settle_p95_ms: null, ...s.memory(),
      },
      tables: { bets_per_s: rate('bets') },
      players: { online: s.playersOnline() },
    };
    this.#last = { at: now, totals };
    const reading = (await s.settlement?.()) ?? null;
    if (reading) {
      // The window: this reading against the one `latencyTicks` ago.
      const window = between(this.#readings.length >= this.#o.latencyTicks ? this.#readings[0]! : null, reading);
      const ms = (q: number) => { const v = quantile(q, window); return v === null ? null : Math.round(v * 10_000) / 10; };
      point.system.settle_p50_ms = ms(0.5);
      point.system.settle_p95_ms = ms(0.95);
      this.#readings.push(reading);
      if (this.#readings.length > this.#o.latencyTicks) this.#readings.shift();
    }
    return point;
  }

  #diff(list: ReturnType<FeedSources['statuses']>, now: number): void {
    // Keyed by section too: one thing may be watched by two sections (a terminal's status,
    // and its availability), and each must be compared with its own past.
    const id = (section: string, key: string) => `${section}\u0000${key}`;
    const next = new Map<string, { section: string; key: string; status: string }>();
    for (const x of list) next.set(id(x.section, x.key), { section: x.section, key: x.key, status: x.status });
    const prev = this.#statuses;
    this.#statuses = next;
    // The first sample is the baseline: what was already so when the server started is not news.
    if (prev === null) return;
    for (const x of list) {
      const before = prev.get(id(x.section, x.key))?.status ?? null;
      if (before !== x.status) this.#event({ at: now, section: x.section, key: x.key, status: x.status, previous: before, detail: x.detail ?? null });
    }
    for (const [k, was] of prev) {
      if (!next.has(k)) this.#event({ at: now, section: was.section, key: was.key, status: 'gone', previous: was.status, detail: null });
    }
  }

  #event(e: FeedEvent): void {
    this.#events.push(e);
    if (this.#events.length > this.#o.keepEvents) this.#events.splice(0, this.#events.length - this.#o.keepEvents);
  }
}
