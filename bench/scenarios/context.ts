// What every scenario receives from the runner, and the one helper they all use
// to give each implementation a fresh server and load process.
import type { ServerKind } from '../protocol.ts';
import type { Progress } from '../harness/progress.ts';
import type { ScenarioResult } from '../harness/report.ts';
import { placement, startLoad, startServer, type LoadHandle, type ServerHandle } from '../harness/processes.ts';

export interface RunContext {
  quick: boolean;
  servers: ServerKind[];
  pin: boolean;
  progress: Progress;
  /** Topic prefix for the Pitboss server: "room:" (bench server) or "table:" (real tables). */
  topicPrefix: string;
  /** Extra arguments for the Pitboss bench server (e.g. --target tables). */
  pitbossArgs: string[];
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
  const server = await startServer(kind, pin.server, kind === 'pitboss' ? ctx.pitbossArgs : []);
  let load: LoadHandle | null = null;
  try {
    load = await startLoad(pin.load);
    return await body(server, load);
  } finally {
    await load?.stop();
    await server.stop();
  }
}

export function topicPrefix(ctx: RunContext, kind: ServerKind): string {
  return kind === 'pitboss' ? ctx.topicPrefix : 'room:';
}

/** Source addresses to spread `n` connections over (≤ 5,000 per address). */
export function addressesFor(n: number): number {
  return n > 5000 ? Math.min(250, Math.ceil(n / 5000)) : 0;
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
