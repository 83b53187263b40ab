// What every scenario receives from the runner, and the one helper they all use
// to give each implementation a fresh server and load process.
import { ROOM_SIZE, TABLES_GAME, type ServerKind } from '../protocol.ts';
import type { Progress } from '../harness/progress.ts';
import type { ScenarioResult } from '../harness/report.ts';
import type { Layout } from '../harness/nodes.ts';
import { placement, startLoad, startServer, type LoadHandle, type ServerHandle } from '../harness/processes.ts';

/** tiny: the smoke test (seconds); quick: a look (< 1 min); full: the published run. */
export type Size = 'tiny' | 'quick' | 'full';

export interface RunContext {
  size: Size;
  servers: ServerKind[];
  pin: boolean;
  progress: Progress;
  /** Topic prefix for the Pitboss server: "room:" (bench server) or "table:" (real tables). */
  topicPrefix: string;
  /** Extra arguments for the Pitboss bench server (e.g. --target tables). */
  pitbossArgs: string[];
  /** The cluster scenarios' columns (`--nodes 1,2`): harness/nodes.ts. */
  layouts: Layout[];
}

export interface Scenario {
  name: string;
  summary: string;
  /** Progress ticks the scenario will make (one per implementation, typically). */
  steps(ctx: RunContext): number;
  run(ctx: RunContext): Promise<ScenarioResult>;
}

/** Start a server and a load process, run `body`, always stop both. */
export async function withPair<T>(ctx: RunContext, kind: ServerKind, body: (s: ServerHandle, l: LoadHandle) => Promise<T>): Promise<T> {
  const pin = placement(ctx.pin);
  // Started together: process start-up is most of a tiny run's time.
  const [server, load] = await Promise.allSettled([startServer(kind, pin.server, kind === 'pitboss' ? ctx.pitbossArgs : []), startLoad(pin.load)]);
  try {
    if (server.status === 'rejected') throw server.reason;
    if (load.status === 'rejected') throw load.reason;
    return await body(server.value, load.value);
  } finally {
    if (load.status === 'fulfilled') await load.value.stop();
    if (server.status === 'fulfilled') await server.value.stop();
  }
}

export function topicPrefix(ctx: RunContext, kind: ServerKind): string {
  return kind === 'pitboss' ? ctx.topicPrefix : 'room:';
}

/**
 * With `--target tables`, what the Pitboss column measured — the same metric keys, a
 * different path; every scenario that honours the target says so in its notes.
 */
export function tablesNote(ctx: RunContext, what: string): string | null {
  if (ctx.topicPrefix !== 'table:' || !ctx.servers.includes('pitboss')) return null;
  return `pitboss --target tables: the real server (src/main.ts, in-memory PGlite); every client signs up as a guest (POST /api/guests) and connects with its token; each room of ${ROOM_SIZE} is a real table channel table:<id> — its first member asks the lobby for a table of its own (find_table {game: "${TABLES_GAME}", shared: false}, then leaves the lobby), all six join it as spectators; ${what}. Peers are unchanged.`;
}

/** Source addresses to spread `n` connections over (≤ 5,000 per address). */
export function addressesFor(n: number): number {
  return n > 5000 ? Math.min(250, Math.ceil(n / 5000)) : 0;
}

/** The value for this run's size. */
export function bySize<T>(ctx: RunContext, v: Record<Size, T>): T {
  return v[ctx.size];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` for each implementation, recording a failure as a note instead of aborting the run. */
export async function perServer(ctx: RunContext, notes: string[], fn: (kind: ServerKind) => Promise<void>): Promise<void> {
  for (const kind of ctx.servers) {
    try {
      await fn(kind);
    } catch (e) {
      notes.push(`${kind} failed: ${(e as Error).message.split('\n')[0]}`);
    }
    ctx.progress.tick();
  }
}
