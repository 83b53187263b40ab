// Which connections are live, by kind (lobby_channel, table_channel, player_channel, ...),
// for the admin dashboard and metrics. A duplicate-key Registry: a process registers
// itself under its kind, and its entry disappears when it exits — no manual cleanup.
import { Registry, type Pid } from '../runtime/index.ts';
import type { JsonObject } from '../wire/index.ts';

/** A player online: how many channels they hold, and the tables among them. */
export interface OnlinePlayer {
  channels: number;
  tables: string[];
}

export class ConnectionTracker {
  readonly #registry = new Registry<JsonObject>({ keys: 'duplicate', name: 'connections' });

  track(kind: string, pid: unknown, meta: JsonObject = {}): void {
    this.#registry.register(kind, pid as Pid, meta);
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of this.#registry.keys()) out[k] = this.#registry.count(k);
    return out;
  }

  list(kind: string): Array<{ pid: Pid; meta: JsonObject }> {
    return this.#registry.lookup(kind);
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
