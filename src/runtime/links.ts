// Monitors, links and exit signals between processes.
//
// A MonitorRef is one edge "watcher observes target". It sits in the target's `monitors`
// set (to be fired on exit) and in the watcher's `watching` set (so a dying watcher can
// remove its edges from live targets: nothing dangles). A watcher is either a process (it
// gets a DOWN info message) or a plain callback (onExit, used by Registry and supervisors'
// shutdown waits).
//
// Exit signals follow OTP: a trapping process turns them into {type:'EXIT'} messages, except
// one from its parent, which stops it in order (terminate runs); a non-trapping process
// ignores 'normal' and exits with any other reason; exit(pid, 'kill') cannot be trapped.
import type { Core } from './process.ts';
import type { ExitReason } from './reasons.ts';
import type { Pid } from './pid.ts';
import { fewAdd, fewDelete, fewItems } from './few.ts';

let nextRef = 1;

export class MonitorRef {
  readonly id = nextRef++;
  /** Internal. */
  readonly target: Core;
  /** Internal. */
  readonly watcher: Core | ((reason: ExitReason) => void);
  constructor(target: Core, watcher: Core | ((reason: ExitReason) => void)) {
    this.target = target;
    this.watcher = watcher;
  }
  toString(): string {
    return `#Ref<${this.id}>`;
  }
}

export type DownMessage = { type: 'DOWN'; ref: MonitorRef; pid: Pid; reason: ExitReason };
export type ExitMessage = { type: 'EXIT'; pid: Pid; reason: ExitReason };

export function addMonitor(target: Core, watcher: Core | ((reason: ExitReason) => void)): MonitorRef {
  const ref = new MonitorRef(target, watcher);
  if (typeof watcher !== 'function' && watcher.phase === 'dead') return ref; // a stale handler continuation
  // An exiting process is still observed: it reports its real reason once dead.
  if (target.phase === 'dead') {
    fire(ref, 'noproc');
    return ref;
  }
  target.monitors = fewAdd(target.monitors, ref);
  if (typeof watcher !== 'function') watcher.watching = fewAdd(watcher.watching, ref);
  return ref;
}

export function removeMonitor(ref: MonitorRef): void {
  ref.target.monitors = fewDelete(ref.target.monitors, ref);
  if (typeof ref.watcher !== 'function') ref.watcher.watching = fewDelete(ref.watcher.watching, ref);
}

function fire(ref: MonitorRef, reason: ExitReason): void {
  const w = ref.watcher;
  if (typeof w === 'function') {
    try {
      w(reason);
    } catch (err) {
      // An observer's bug must not stop the other observers from hearing about the exit.
      process.emitWarning(`runtime: exit observer threw: ${String(err)}`);
    }
    return;
  }
  w.watching = fewDelete(w.watching, ref);
  w.enqueueSystem('info', { type: 'DOWN', ref, pid: ref.target.pid, reason } satisfies DownMessage);
}

export function link(a: Core, b: Core): void {
  if (a === b || a.phase === 'dead') return;
  if (b.phase === 'dead') {
    // OTP: linking to a dead process delivers a 'noproc' exit signal to the linker.
    signal(a, 'noproc', b, false);
    return;
  }
  a.links = fewAdd(a.links, b);
  b.links = fewAdd(b.links, a);
}

export function unlink(a: Core, b: Core): void {
  a.links = fewDelete(a.links, b);
  b.links = fewDelete(b.links, a);
}

/** Delivers an exit signal from `from` to `target`. */
export function signal(target: Core, reason: ExitReason, from: Core | undefined, untrappable: boolean): void {
  if (target.phase === 'dead') return;
  if (untrappable) return target.kill();
  if (target.phase === 'exiting') return;
  if (target.trapping) {
    if (from !== undefined && from === target.parent && from !== target) target.enqueueSystem('stop', reason);
    else target.enqueueSystem('info', { type: 'EXIT', pid: (from ?? target).pid, reason } satisfies ExitMessage);
    return;
  }
  if (reason === 'normal' && from !== target) return;
  target.beginExit(reason);
}

/** Called once by a dying process: tells links and monitors, and drops its own edges. */
export function notifyExit(core: Core, reason: ExitReason): void {
  if (core.watching !== null) {
    for (const ref of fewItems(core.watching)) ref.target.monitors = fewDelete(ref.target.monitors, ref);
    core.watching = null;
  }
  if (core.links !== null) {
    const links = fewItems(core.links);
    core.links = null;
    for (const other of links) {
      other.links = fewDelete(other.links, core);
      signal(other, reason, core, false);
    }
  }
  if (core.monitors !== null) {
    const monitors = fewItems(core.monitors);
    core.monitors = null;
    for (const ref of monitors) fire(ref, reason);
  }
}
