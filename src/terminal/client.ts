// A cabinet's connection to Pitboss, over the official phoenix client, that keeps working
// when the connection does not. Cash-ins, vouchers and device reports go into the outbox
// (outbox.ts) first and are delivered from there, one at a time and in order, whenever
// `terminal:<id>` is joined; an entry leaves the outbox only on the server's answer. A
// reply lost with the connection leaves the entry in place, and its resend carries the
// same key, which the server credits once (docs/protocol.md, "The terminal channel").
// Heartbeats are live only (never queued): they tell the server the cabinet is there
// and, by their progress counter, that its game loop still moves.
// The hall's configuration comes in the join reply and in `config` pushes: the cabinet
// applies it (onConfig) and only then acknowledges its version (`config_ack`), so the
// server's record says what the cabinet runs, not what it was sent. Acks are live too:
// every rejoin's reply carries the configuration again, and it is acknowledged again.
//
// Runs in Node and in a browser: it uses WebSocket, crypto.randomUUID and timers only
// (the file storage, the one Node-only part, is in file_storage.ts).
import { Socket, type Channel, type SocketConnectOption } from 'phoenix';
import { Outbox, type OutboxEntry, type OutboxEvent, type OutboxStorage, type RejectedEntry } from './outbox.ts';
import { MemoryStorage } from './storage.ts';

export interface TerminalClientOptions {
  /** The terminal endpoint, e.g. `wss://hall.example/terminal` (the client appends /websocket). */
  url: string;
  terminalId: string;
  secret: string;
  /** Where the outbox lives (default: memory — lost with the process). */
  storage?: OutboxStorage;
  /** Most undelivered events held before `cashIn` refuses (default 10,000). */
  maxPending?: number;
  /** Heartbeat period; default what the server's join reply asks (a third of its offline time). */
  heartbeatMs?: number;
  /** How long an answer may take before the entry is tried again (default 10 s). */
  replyTimeoutMs?: number;
  /** Waits before retrying after a transient refusal or a timeout (default 1 s). */
  retryMs?: number;
  /** The terminal's clock (ms since the epoch): the `at` of each event. */
  now?: () => number;
  /** Idempotency keys of new events (default: a random UUID). */
  newKey?: () => string;
  /** Passed to the phoenix Socket (transport, reconnectAfterMs…). */
  socket?: Partial<SocketConnectOption>;
  onDelivered?: (entry: OutboxEntry, reply: Record<string, unknown>) => void;
  /**
   * Applies the hall's configuration on the cabinet (its `version`, `games` with limits and
   * slot machine, `jackpots` with contribution rates). Its version is acknowledged once this
   * resolves; a throw leaves it unacknowledged, and the hall sees the cabinet lag.
   */
  onConfig?: (config: TerminalConfig) => void | Promise<void>;
  /** The server recorded this version as the one the cabinet runs. */
  onConfigAcked?: (version: number) => void;
  onRejected?: (entry: RejectedEntry) => void;
}

export interface DeviceReport {
  bill_acceptor: 'ok' | 'disabled' | 'jammed' | 'full' | 'fault';
  printer: 'ok' | 'paper_low' | 'paper_out' | 'jammed' | 'fault';
  door: 'closed' | 'open';
  errors: string[];
}

/** The hall's configuration as the terminal channel sends it (docs/protocol.md, "The terminal channel"). */
export interface TerminalConfig {
  version: number;
  games: Record<string, { version: number; min_bet: number; max_bet: number; max_per_bet?: number | null; machine?: string }>;
  jackpots: Record<string, { version: number; contribution_bps: number }>;
}

/** A server's refusal (its reason and message), or `offline` / `timeout` from the client itself. */
export class TerminalRefused extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = 'TerminalRefused';
    this.reason = reason;
  }
}

type PushResult = { status: 'ok' | 'error' | 'timeout'; response: Record<string, unknown> };

/** Refusals that sending again cannot change: the entry leaves the queue (kept in `rejected`). */
const FINAL = new Set(['invalid_payload', 'insufficient_funds', 'unknown_event']);

export class TerminalClient {
  readonly #opts: TerminalClientOptions;
  readonly #now: () => number;
  readonly #newKey: () => string;
  #outbox: Outbox | null = null;
  #socket: Socket | null = null;
  #channel: Channel | null = null;
  #joined = false;
  #flushing = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #progress = 0;
  #seq = 0;
  #idle: Array<() => void> = [];
  /** Ends the push awaiting its answer: a lost connection answers it as a timeout at once. */
  #inflight: ((r: PushResult) => void) | null = null;
  /** The last join reply: credit, currency, heartbeat period, configuration. */
  joinReply: Record<string, unknown> | null = null;
  /** The configuration the cabinet applied last, and the version the server last recorded for it. */
  config: TerminalConfig | null = null;
  ackedVersion: number | null = null;
  /** Configurations are applied one after the other, in the order they came. */
  #configs: Promise<void> = Promise.resolve();

  constructor(opts: TerminalClientOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#newKey = opts.newKey ?? (() => globalThis.crypto.randomUUID());
  }

  /** Loads the outbox, then connects; resolves without waiting for the connection (it may be down). */
  async start(): Promise<void> {
    if (this.#outbox !== null) throw new Error('a TerminalClient starts once');
    this.#outbox = await Outbox.open(this.#opts.storage ?? new MemoryStorage(), this.#opts.maxPending === undefined ? {} : { maxPending: this.#opts.maxPending });
    const socket = new Socket(this.#opts.url, {
      ...this.#opts.socket,
      // The credential travels as the authToken subprotocol, never in the URL.
      authToken: `${this.#opts.terminalId}:${this.#opts.secret}`,
    });
    const channel = socket.channel(`terminal:${this.#opts.terminalId}`, {});
    channel.on('config', (cfg: TerminalConfig) => this.#applyConfig(cfg));
    channel.onError(() => this.#left());
    channel.onClose(() => this.#left());
    // The join push answers again on every rejoin after a reconnect.
    channel.join(this.#opts.replyTimeoutMs ?? 10_000).receive('ok', (reply: Record<string, unknown>) => this.#onJoined(reply));
    this.#socket = socket;
    this.#channel = channel;
    socket.connect();
  }

  get connected(): boolean {
    return this.#joined;
  }

  /** Undelivered events, in delivery order. */
  pending(): readonly OutboxEntry[] {
    return this.#box().pending();
  }

  rejected(): readonly RejectedEntry[] {
    return this.#box().rejected();
  }

  /** Records money put into the bill acceptor (minor units); delivered now or when back online. */
  cashIn(amount: number): Promise<OutboxEntry> {
    return this.#record('cash_in', { amount });
  }

  /** Records a voucher the cabinet printed (credit leaves its meter); delivered now or when back online. */
  ticketOut(t: { amount: number; number: string }): Promise<OutboxEntry> {
    return this.#record('ticket', { amount: t.amount, number: t.number, direction: 'out' });
  }

  /**
   * Asks the server to take a voucher inserted into the cabinet: online only, since only the
   * server knows whether it was printed and not yet redeemed — a cabinet offline hands the
   * voucher back. Resolves with the server's answer (credit it only then); rejects with
   * TerminalRefused (`not_found`, `invalid_action`: redeemed already…) or when offline or
   * unanswered. Asking again for the same voucher is safe: the server pays a number once.
   */
  async redeemTicket(t: { amount: number; number: string }): Promise<Record<string, unknown>> {
    if (!this.#joined || this.#channel === null) throw new TerminalRefused('offline', 'not connected: the voucher cannot be checked');
    const payload = { key: this.#newKey(), at: this.#now(), amount: t.amount, number: t.number, direction: 'in' };
    const r = await new Promise<PushResult>((resolve) => {
      const p = this.#channel!.push('ticket', payload, this.#opts.replyTimeoutMs ?? 10_000);
      p.receive('ok', (response: Record<string, unknown>) => resolve({ status: 'ok', response }));
      p.receive('error', (response: Record<string, unknown>) => resolve({ status: 'error', response }));
      p.receive('timeout', () => resolve({ status: 'timeout', response: {} }));
    });
    if (r.status === 'ok') return r.response;
    if (r.status === 'timeout') throw new TerminalRefused('timeout', 'no answer: ask again (the server pays a voucher once)');
    throw new TerminalRefused(String(r.response['reason']), String(r.response['message'] ?? ''));
  }

  deviceStatus(d: DeviceReport): Promise<OutboxEntry> {
    return this.#record('device_status', { ...d, errors: [...d.errors] });
  }

  /** Advances the progress counter the heartbeats carry: call it from the cabinet's game loop. */
  tick(n = 1): void {
    this.#progress += n;
  }

  /** Sends one heartbeat now (also sent every heartbeatMs while joined); false when not joined. */
  heartbeat(): boolean {
    if (!this.#joined || this.#channel === null) return false;
    this.#channel.push('heartbeat', { seq: ++this.#seq, progress: this.#progress });
    return true;
  }

  /** Resolves once the outbox is empty. */
  drained(): Promise<void> {
    if (this.#box().pending().length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Leaves the channel and closes the socket; the outbox keeps what was not delivered. */
  stop(): void {
    this.#stopTimers();
    this.#joined = false;
    this.#channel?.leave();
    this.#socket?.disconnect();
  }

  async #record(event: OutboxEvent, body: Record<string, unknown>): Promise<OutboxEntry> {
    const entry = await this.#box().record(event, { ...body, key: this.#newKey(), at: this.#now() });
    void this.#flush();
    return entry;
  }

  #onJoined(reply: Record<string, unknown>): void {
    this.joinReply = reply;
    this.#joined = true;
    this.#stopTimers();
    const every = this.#opts.heartbeatMs ?? (typeof reply['heartbeat_ms'] === 'number' ? reply['heartbeat_ms'] : 10_000);
    this.#heartbeat = setInterval(() => this.heartbeat(), every);
    this.heartbeat();
    if (reply['config'] !== undefined) this.#applyConfig(reply['config'] as TerminalConfig);
    void this.#flush();
  }

  #applyConfig(cfg: TerminalConfig): void {
    if (typeof cfg?.version !== 'number') return;
    this.#configs = this.#configs.then(async () => {
      try {
        await this.#opts.onConfig?.(cfg);
      } catch {
        return; // not applied: not acknowledged
      }
      this.config = cfg;
      if (!this.#joined || this.#channel === null) return; // acknowledged after the rejoin, whose reply carries it again
      const ok = await new Promise<boolean>((resolve) => {
        const p = this.#channel!.push('config_ack', { version: cfg.version }, this.#opts.replyTimeoutMs ?? 10_000);
        p.receive('ok', () => resolve(true));
        p.receive('error', () => resolve(false));
        p.receive('timeout', () => resolve(false));
      });
      if (!ok) return;
      this.ackedVersion = cfg.version;
      this.#opts.onConfigAcked?.(cfg.version);
    });
  }

  #left(): void {
    this.#joined = false;
    this.#stopTimers();
    // The answer is lost with the connection (or comes to a channel that is gone): the entry
    // stays first and is sent again, with its key, after the rejoin.
    this.#inflight?.({ status: 'timeout', response: {} });
  }

  #stopTimers(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#heartbeat = this.#retry = null;
  }

  /** Delivers the outbox in order, one answer at a time, while joined. */
  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      const box = this.#box();
      for (let e = box.first(); e !== undefined && this.#joined; e = box.first()) {
        const r = await this.#push(e);
        if (r.status === 'ok') {
          await box.delivered(e.seq);
          this.#opts.onDelivered?.(e, r.response);
        } else if (r.status === 'error' && FINAL.has(String(r.response['reason']))) {
          await box.reject(e.seq, String(r.response['reason']), String(r.response['message'] ?? ''));
          this.#opts.onRejected?.(box.rejected().at(-1)!);
        } else {
          // A timeout, or a refusal that may pass (disabled, unavailable): the entry stays first, tried again later.
          if (this.#joined && this.#retry === null) this.#retry = setTimeout(() => {
            this.#retry = null;
            void this.#flush();
          }, this.#opts.retryMs ?? 1000);
          return;
        }
      }
    } finally {
      this.#flushing = false;
      if (this.#box().pending().length === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  #push(e: OutboxEntry): Promise<PushResult> {
    return new Promise<PushResult>((done) => {
      let settled = false;
      const resolve = (r: PushResult) => {
        if (settled) return;
        settled = true;
        this.#inflight = null;
        done(r);
      };
      this.#inflight = resolve;
      const p = this.#channel!.push(e.event, e.payload, this.#opts.replyTimeoutMs ?? 10_000);
      p.receive('ok', (response: Record<string, unknown>) => resolve({ status: 'ok', response }));
      p.receive('error', (response: Record<string, unknown>) => resolve({ status: 'error', response }));
      p.receive('timeout', () => resolve({ status: 'timeout', response: {} }));
    });
  }

  #box(): Outbox {
    if (this.#outbox === null) throw new Error('call start() first');
    return this.#outbox;
  }
}
