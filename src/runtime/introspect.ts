// Read-only views of a process for logs, the admin API and tests.
import { fewSize } from './few.ts';
import type { Pid } from './pid.ts';
import { procOf } from './pid.ts';
import type { Phase } from './process.ts';

export interface ProcessInfo {
  pid: Pid;
  name: string | undefined;
  phase: Phase;
  mailboxLength: number;
  handled: number;
  trapExits: boolean;
  links: number;
  monitoredBy: number;
  monitoring: number;
  timers: number;
  parent: Pid | undefined;
}

export function processInfo(pid: Pid): ProcessInfo {
  const c = procOf(pid);
  return {
    pid,
    name: c.name,
    phase: c.phase,
    mailboxLength: c.queueLength,
    handled: c.handled,
    trapExits: c.trapping,
    links: fewSize(c.links),
    monitoredBy: fewSize(c.monitors),
    monitoring: fewSize(c.watching),
    timers: c.timers?.size ?? 0,
    parent: c.parent?.pid,
  };
}
