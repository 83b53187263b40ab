// The alert loop: every `intervalMs` it takes a sample from its sources, judges it
// (rules.ts), keeps the book (book.ts) and delivers each transition to every channel
// (channels.ts) — once each, retried a few times if a channel refuses, the outcome kept in
// the delivery log. A source that throws loses its part of the sample, not the loop.
import type { AlertChannel, Notification } from './channels.ts';
import { AlertBook, type ActiveAlert, type Transition } from './book.ts';
import { evaluate, DEFAULT_THRESHOLDS, type Sample, type Thresholds } from './rules.ts';

export interface AlertSources {
  /** Resident memory (bytes). */
  rss?(): number;
  sockets?(): number;
  /** Frames received from clients since start (a running total). */
  messagesIn?(): number;
  /** Table crashes since start (a running total). */
  tableCrashes?(): number;
  offlineTerminals?(): ReadonlyArray<{ id: string; lastSeen: number | null }>;
  /** Rounds open longer than `olderThanMs`. */
  stuckRounds?(olderThanMs: number): Promise<ReadonlyArray<{ roundId: string; tableId: string; openedAt: number }>>;
  ledgerCheck?(): Promise<{ ok: boolean; sum: number; mismatches: number }>;
}

export interface AlertOptions {
  node: string;
  sources: AlertSources;
  channels: AlertChannel[];
  thresholds?: Partial<Thresholds>;
  intervalMs?: number;
  /** How long a finding must hold before it fires (default one interval… 0 in tests). */
  holdMs?: number;
  /** The ledger check is a full scan: run it this often, not every interval (default 10 min). */
  ledgerCheckMs?: number;
  /** Delivery attempts per channel and transition (default 3), spaced by `retryMs` × attempt. */
  attempts?: number;
  retryMs?: number;
  now?: () => number;
  onError?: (err: unknown, where: string) => void;
  /** Each transition as it happens (the server logs it). */
  onTransition?: (t: Transition) => void;
  /** After the loop stopped (the server closes its SMTP transports). */
  onStop?: () => void;
}

export interface Delivery {
  id: string;
  channel: string;
  kind: Transition['kind'];
  at: number;
  ok: boolean;
  attempts: number;
  error?: string;
}

export class AlertManager {
  readonly #o: Required<Omit<AlertOptions, 'thresholds' | 'onError' | 'onTransition' | 'onStop'>> & { thresholds: Thresholds; onError: NonNullable<AlertOptions['onError']> };
  readonly #onTransition: AlertOptions['onTransition'];
  readonly #onStop: AlertOptions['onStop'];
  readonly #book: AlertBook;
  readonly #deliveries: Delivery[] = [];
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | null = null;
  #last: { at: number; messages: number; crashes: number } | null = null;
  readonly #crashTimes: Array<{ at: number; n: number }> = [];
  /** The last ledger check; the first runs one `ledgerCheckMs` after the start, not at it (a start is busy enough). */
  #ledger: { at: number; result: Sample['ledger'] };

  constructor(o: AlertOptions) {
    const intervalMs = o.intervalMs ?? 15_000;
    this.#o = {
      node: o.node, sources: o.sources, channels: o.channels, intervalMs,
      thresholds: { ...DEFAULT_THRESHOLDS, ...o.thresholds },
      holdMs: o.holdMs ?? intervalMs, ledgerCheckMs: o.ledgerCheckMs ?? 10 * 60_000,
      attempts: o.attempts ?? 3, retryMs: o.retryMs ?? 1000, now: o.now ?? Date.now, onError: o.onError ?? (() => {}),
    };
    this.#onTransition = o.onTransition;
    this.#onStop = o.onStop;
    this.#book = new AlertBook({ holdMs: this.#o.holdMs });
    this.#ledger = { at: this.#o.now(), result: null };
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.check(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Stops the loop and waits for a check (and its deliveries) in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
    this.#onStop?.();
  }

  /** One sample, judged and delivered; overlapping calls share the check in progress. */
  check(): Promise<void> {
    this.#ticking ??= this.#tick().finally(() => { this.#ticking = null; });
    return this.#ticking;
  }

  active(): ActiveAlert[] {
    return this.#book.active();
  }

  history(): Transition[] {
    return this.#book.history();
  }

  deliveries(): Delivery[] {
    return this.#deliveries.slice();
  }

  async #tick(): Promise<void> {
    const sample = await this.#sample();
    const changed = this.#book.update(evaluate(sample, this.#o.thresholds), sample.now);
    for (const t of changed) {
      this.#onTransition?.(t);
      const n: Notification = { id: `${t.alert.key}@${t.alert.since}:${t.kind}`, kind: t.kind, node: this.#o.node, at: t.at, alert: t.alert };
      await Promise.all(this.#o.channels.map((c) => this.#deliver(c, n)));
    }
  }

  async #deliver(c: AlertChannel, n: Notification): Promise<void> {
    let error: unknown;
    for (let attempt = 1; attempt <= this.#o.attempts; attempt++) {
      try {
        await c.send(n);
        this.#log({ id: n.id, channel: c.name, kind: n.kind, at: this.#o.now(), ok: true, attempts: attempt });
        return;
      } catch (err) {
        error = err;
        if (attempt < this.#o.attempts) await new Promise((r) => setTimeout(r, this.#o.retryMs * attempt));
      }
    }
    this.#o.onError(error, `alert delivery to ${c.name}`);
    this.#log({ id: n.id, channel: c.name, kind: n.kind, at: this.#o.now(), ok: false, attempts: this.#o.attempts, error: (error as Error)?.message ?? String(error) });
  }

  #log(d: Delivery): void {
    this.#deliveries.push(d);
    if (this.#deliveries.length > 1000) this.#deliveries.shift();
  }

  async #sample(): Promise<Sample> {
    const s = this.#o.sources;
    const now = this.#o.now();
    const sample: Sample = { now };
    const read = <T>(where: string, f: (() => T) | undefined): T | undefined => {
      if (f === undefined) return undefined;
      try {
        return f();
      } catch (err) {
        this.#o.onError(err, `alert source ${where}`);
        return undefined;
      }
    };
    sample.rssBytes = read('rss', s.rss);
    sample.sockets = read('sockets', s.sockets);
    sample.offlineTerminals = read('offlineTerminals', s.offlineTerminals);
    const messages = read('messagesIn', s.messagesIn);
    const crashes = read('tableCrashes', s.tableCrashes);
    // Rates from running totals: the first sample has nothing to compare with.
    if (this.#last && messages !== undefined && now > this.#last.at) sample.messageRate = ((messages - this.#last.messages) * 1000) / (now - this.#last.at);
    if (crashes !== undefined) {
      if (this.#last && crashes > this.#last.crashes) this.#crashTimes.push({ at: now, n: crashes - this.#last.crashes });
      while (this.#crashTimes.length > 0 && now - this.#crashTimes[0]!.at > this.#o.thresholds.crashWindowMs) this.#crashTimes.shift();
      sample.recentCrashes = this.#crashTimes.reduce((a, c) => a + c.n, 0);
    }
    this.#last = { at: now, messages: messages ?? 0, crashes: crashes ?? 0 };
    if (s.stuckRounds) {
      try {
        sample.stuckRounds = await s.stuckRounds(this.#o.thresholds.roundStuckMs);
      } catch (err) {
        this.#o.onError(err, 'alert source stuckRounds');
      }
    }
    if (s.ledgerCheck && now - this.#ledger.at >= this.#o.ledgerCheckMs) {
      try {
        this.#ledger = { at: now, result: await s.ledgerCheck() };
      } catch (err) {
        this.#o.onError(err, 'alert source ledgerCheck');
      }
    }
    sample.ledger = this.#ledger.result;
    return sample;
  }
}
