// The hall's view of its terminals, as pure state with an injected clock (no timers, no
// I/O): the terminal channel reports joins, leaves, heartbeats, device status and
// deliveries; whoever shows or alerts (a dashboard, an admin route, an alert rule) reads
// `snapshot()`, `late()` and `sweep()`.
//
//   online   a channel is joined and a heartbeat (or the join) came within `offlineMs`
//   offline  no channel joined, or nothing heard for longer than `offlineMs`
//   hung     heartbeats arrive, but their progress counter has not moved for `hungMs`
//
// Status is a function of the clock, so it changes without any message: `sweep()`
// returns the changes since the last sweep, for a caller that ticks (alerts).
import type { DeviceStatusMsg } from './messages.ts';

export type TerminalStatus = 'online' | 'offline' | 'hung';

export interface MonitorOptions {
  offlineMs: number;
  hungMs: number;
  /** An event whose client time `at` is older than its arrival by more than this is late. */
  lateMs: number;
  /** Late deliveries remembered, newest kept (default 500). */
  lateHistory?: number;
  now?: () => number;
}

/** A terminal's link: channels joined (a reconnect may overlap the old channel's end). */
type Link = { type: 'connected'; since: number; channels: number } | { type: 'disconnected'; since: number | null };

interface Entry {
  link: Link;
  lastSeen: number | null;
  lastHeartbeat: number | null;
  seq: number | null;
  progress: number | null;
  progressSince: number | null;
  device: (DeviceStatusMsg & { receivedAt: number }) | null;
  delivered: number;
  late: number;
}

export interface TerminalView {
  id: string;
  status: TerminalStatus;
  connected: boolean;
  /** ISO times, null when never. */
  last_seen: string | null;
  last_heartbeat: string | null;
  seq: number | null;
  progress: number | null;
  progress_since: string | null;
  device: { bill_acceptor: string; printer: string; door: string; errors: string[]; reported_at: string } | null;
  /** Events (cash-ins, tickets, device reports) delivered since this node started, and how many of them late. */
  delivered: number;
  late: number;
}

export interface LateDelivery {
  terminal_id: string;
  event: string;
  key: string;
  /** the terminal's time of the event, and the server's time of its arrival (ISO) */
  at: string;
  arrived_at: string;
  delay_ms: number;
}

export interface StatusChange {
  id: string;
  from: TerminalStatus;
  to: TerminalStatus;
  at: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class TerminalMonitor {
  readonly #opts: Required<Omit<MonitorOptions, 'now'>>;
  readonly #now: () => number;
  readonly #terminals = new Map<string, Entry>();
  readonly #late: LateDelivery[] = [];
  readonly #reported = new Map<string, TerminalStatus>();

  constructor(opts: MonitorOptions) {
    this.#opts = { lateHistory: 500, ...opts };
    this.#now = opts.now ?? Date.now;
  }

  /** Terminals the directory knows: shown offline, never seen, until they connect. */
  known(ids: Iterable<string>): void {
    for (const id of ids) this.#entry(id);
  }

  connected(id: string): void {
    const e = this.#entry(id);
    const now = this.#now();
    e.link = e.link.type === 'connected' ? { ...e.link, channels: e.link.channels + 1 } : { type: 'connected', since: now, channels: 1 };
    e.lastSeen = now;
  }

  disconnected(id: string): void {
    const e = this.#entry(id);
    if (e.link.type !== 'connected') return;
    e.link = e.link.channels > 1 ? { ...e.link, channels: e.link.channels - 1 } : { type: 'disconnected', since: this.#now() };
  }

  heartbeat(id: string, hb: { seq?: number | undefined; progress: number }): void {
    const e = this.#entry(id);
    const now = this.#now();
    e.lastSeen = e.lastHeartbeat = now;
    e.seq = hb.seq ?? null;
    if (e.progress !== hb.progress) {
      e.progress = hb.progress;
      e.progressSince = now;
    }
  }

  device(id: string, status: DeviceStatusMsg): void {
    const e = this.#entry(id);
    e.lastSeen = this.#now();
    e.device = { ...status, receivedAt: e.lastSeen };
  }

  /** Records a delivered event and whether it is late (its `at` older than its arrival by more than lateMs). */
  delivered(id: string, event: string, key: string, at: number): { late: boolean; delayMs: number } {
    const e = this.#entry(id);
    const now = this.#now();
    e.lastSeen = now;
    e.delivered++;
    const delayMs = Math.max(0, now - at);
    const late = delayMs > this.#opts.lateMs;
    if (late) {
      e.late++;
      this.#late.push({ terminal_id: id, event, key, at: iso(at)!, arrived_at: iso(now)!, delay_ms: delayMs });
      if (this.#late.length > this.#opts.lateHistory) this.#late.splice(0, this.#late.length - this.#opts.lateHistory);
    }
    return { late, delayMs };
  }

  status(id: string): TerminalStatus {
    const e = this.#terminals.get(id);
    if (!e || e.link.type !== 'connected') return 'offline';
    const now = this.#now();
    // A fresh join counts as a sign of life: the terminal has offlineMs to send its first heartbeat.
    const heard = Math.max(e.link.since, e.lastHeartbeat ?? -Infinity);
    if (now - heard > this.#opts.offlineMs) return 'offline';
    if (e.progressSince !== null && e.lastHeartbeat !== null && e.lastHeartbeat >= e.link.since && now - e.progressSince > this.#opts.hungMs) return 'hung';
    return 'online';
  }

  view(id: string): TerminalView | null {
    const e = this.#terminals.get(id);
    if (!e) return null;
    return {
      id,
      status: this.status(id),
      connected: e.link.type === 'connected',
      last_seen: iso(e.lastSeen),
      last_heartbeat: iso(e.lastHeartbeat),
      seq: e.seq,
      progress: e.progress,
      progress_since: iso(e.progressSince),
      device: e.device && {
        bill_acceptor: e.device.bill_acceptor, printer: e.device.printer, door: e.device.door, errors: [...e.device.errors], reported_at: iso(e.device.receivedAt)!,
      },
      delivered: e.delivered,
      late: e.late,
    };
  }

  /** Every terminal seen or known, by id. */
  snapshot(): TerminalView[] {
    return [...this.#terminals.keys()].sort().map((id) => this.view(id)!);
  }

  /** Offline terminals with when they were last heard of (ms since the epoch), the shape the alert rules read. */
  offline(): Array<{ id: string; lastSeen: number | null }> {
    return [...this.#terminals.keys()].sort().filter((id) => this.status(id) === 'offline').map((id) => ({ id, lastSeen: this.#terminals.get(id)!.lastSeen }));
  }

  /** Late deliveries, newest first; of one terminal when `terminalId` is given. */
  late(opts: { terminalId?: string; limit?: number } = {}): LateDelivery[] {
    const all = opts.terminalId === undefined ? this.#late : this.#late.filter((l) => l.terminal_id === opts.terminalId);
    return all.slice(-(opts.limit ?? all.length)).reverse();
  }

  /** Status changes since the previous sweep (the first sweep reports every terminal not offline). */
  sweep(): StatusChange[] {
    const at = iso(this.#now())!;
    const changes: StatusChange[] = [];
    for (const id of [...this.#terminals.keys()].sort()) {
      const from = this.#reported.get(id) ?? 'offline';
      const to = this.status(id);
      if (from !== to) changes.push({ id, from, to, at });
      this.#reported.set(id, to);
    }
    return changes;
  }

  #entry(id: string): Entry {
    let e = this.#terminals.get(id);
    if (!e) {
      e = { link: { type: 'disconnected', since: null }, lastSeen: null, lastHeartbeat: null, seq: null, progress: null, progressSince: null, device: null, delivered: 0, late: 0 };
      this.#terminals.set(id, e);
    }
    return e;
  }
}
