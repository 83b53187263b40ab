// Which connections are live, by type, for the admin API, the dashboard and metrics.
//
// Channels are processes: each registers itself under its type in a duplicate-key
// Registry on join, and the Registry drops the entry when the process exits — no manual
// cleanup, and a crashed channel is never counted. A raw WebSocket is not a process
// here (src/wire/socket.ts is a plain object driven by ws events), so it is opened as a
// handle the endpoint closes when the socket closes (`open`); it is counted the same way.
//
// Cluster totals are summed from every node's counts by src/cluster/census.ts (docs/operations.md).
import { Registry, type Pid } from '../runtime/index.ts';
import type { JsonObject } from '../wire/index.ts';

/** Every type the tracker reports, at 0 when none is live (so dashboards and metrics keep their series). */
export const CONNECTION_TYPES = [
  'socket', 'lobby_channel', 'table_channel', 'player_channel', 'tournament_channel', 'jackpots_channel',
  'admin_channel', 'terminal_channel', 'dashboard_view',
] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

/** A player online: how many channels they hold, and the tables among them. */
export interface OnlinePlayer {
  channels: number;
  tables: string[];
}

export class ConnectionTracker {
  readonly #registry = new Registry<JsonObject>({ keys: 'duplicate', name: 'connections' });
  /** Connections without a process of their own (raw sockets), by type, each under a handle id. */
  readonly #open = new Map<string, Map<number, JsonObject>>();
  #nextHandle = 0;

  /** A process registers itself under `type`; it is removed when the process exits. */
  track(type: string, pid: unknown, meta: JsonObject = {}): void {
    this.#registry.register(type, pid as Pid, meta);
  }

  /** A connection with no process (a raw socket): counted until the returned function is called (once is enough). */
  open(type: string, meta: JsonObject = {}): () => void {
    const id = this.#nextHandle++;
    let live = this.#open.get(type);
    if (!live) this.#open.set(type, (live = new Map()));
    live.set(id, meta);
    return () => {
      const m = this.#open.get(type);
      if (!m?.delete(id)) return;
      if (m.size === 0) this.#open.delete(type);
    };
  }

  count(type: string): number {
    return this.#registry.count(type) + (this.#open.get(type)?.size ?? 0);
  }

  /** Live connections per type: every known type (0 when none) and any other type seen. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of CONNECTION_TYPES) out[t] = 0;
    for (const t of this.#registry.keys()) out[t] = this.count(t);
    for (const t of this.#open.keys()) out[t] = this.count(t);
    return out;
  }

  /** The processes registered under a type, with their metadata. */
  list(type: string): Array<{ pid: Pid; meta: JsonObject }> {
    return this.#registry.lookup(type);
  }

  /** Every live connection by type (the seed's `list_all`): a process's pid as text, null for a raw socket. */
  all(): Record<string, Array<{ pid: string | null; meta: JsonObject }>> {
    const out: Record<string, Array<{ pid: string | null; meta: JsonObject }>> = {};
    for (const t of Object.keys(this.counts())) {
      out[t] = [
        ...this.#registry.lookup(t).map((e) => ({ pid: String(e.pid), meta: e.meta })),
        ...[...(this.#open.get(t)?.values() ?? [])].map((meta) => ({ pid: null, meta })),
      ];
    }
    return out;
  }

  /** Every player with a live channel (its meta names `player_id`), by id. */
  playersOnline(): Map<string, OnlinePlayer> {
    const out = new Map<string, OnlinePlayer>();
    for (const { meta } of this.#registry.select((_k, _p, m) => typeof m['player_id'] === 'string')) {
      const id = meta['player_id'] as string;
      let p = out.get(id);
      if (!p) out.set(id, (p = { channels: 0, tables: [] }));
      p.channels++;
      const table = meta['table_id'];
      if (typeof table === 'string' && !p.tables.includes(table)) p.tables.push(table);
    }
    return out;
  }
}
