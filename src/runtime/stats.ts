// Observability without global mutable state: a process-count counter (a plain number the
// dashboard reads) and an optional ProcessStats object passed to start(). Children inherit
// their spawner's stats, so passing one at the root of the tree measures the whole tree.
// Timing is only taken when a process has stats, keeping the default hot path clock-free.
import type { Pid } from './pid.ts';

let live = 0;

/** Processes started and not yet dead, across the whole OS process. */
export function liveProcessCount(): number {
  return live;
}

export function countSpawn(): void {
  live++;
}

export function countExit(): void {
  live--;
}

export interface SlowHandler {
  pid: Pid;
  name: string | undefined;
  kind: string;
  ms: number;
}

export class ProcessStats {
  started = 0;
  exited = 0;
  crashed = 0;
  messages = 0;
  handlerMsTotal = 0;
  handlerMsMax = 0;
  slow = 0;
  readonly slowMs: number;
  private readonly onSlow: ((info: SlowHandler) => void) | undefined;

  constructor(opts: { slowMs?: number; onSlow?: (info: SlowHandler) => void } = {}) {
    this.slowMs = opts.slowMs ?? 50;
    this.onSlow = opts.onSlow;
  }

  get live(): number {
    return this.started - this.exited;
  }

  /** Wall time from taking a message to its handler settling (includes awaits). */
  recordHandler(pid: Pid, name: string | undefined, kind: string, ms: number): void {
    this.messages++;
    this.handlerMsTotal += ms;
    if (ms > this.handlerMsMax) this.handlerMsMax = ms;
    if (ms >= this.slowMs) {
      this.slow++;
      try {
        this.onSlow?.({ pid, name, kind, ms });
      } catch {
        // a metrics callback must never break the mailbox loop
      }
    }
  }
}
