// Which connections are live, by kind (lobby_channel, table_channel, player_channel, ...),
// for the admin dashboard and metrics. A duplicate-key Registry: a process registers
// itself under its kind, and its entry disappears when it exits — no manual cleanup.
import { Registry, type Pid } from '../runtime/index.ts';
import type { JsonObject } from '../wire/index.ts';

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
}
