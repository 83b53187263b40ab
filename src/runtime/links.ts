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
  (target.monitors ??= new Set()).add(ref);
  if (typeof watcher !== 'function') (watcher.watching ??= new Set()).add(ref);
  return ref;
}

export function removeMonitor(ref: MonitorRef): void {
  ref.target.monitors?.delete(ref);
  if (typeof ref.watcher !== 'function') ref.watcher.watching?.delete(ref);
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
  w.watching?.delete(ref);
  w.enqueueSystem('info', { type: 'DOWN', ref, pid: ref.target.pid, reason } satisfies DownMessage);
}

export function link(a: Core, b: Core): void {
  if (a === b || a.phase === 'dead') return;
  if (b.phase === 'dead') {
    // OTP: linking to a dead process delivers a 'noproc' exit signal to the linker.
    signal(a, 'noproc', b, false);
    return;
  }
  (a.links ??= new Set()).add(b);
  (b.links ??= new Set()).add(a);
}

export function unlink(a: Core, b: Core): void {
  a.links?.delete(b);
  b.links?.delete(a);
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
    for (const ref of core.watching) ref.target.monitors?.delete(ref);
    core.watching = null;
  }
  if (core.links !== null) {
    const links = core.links;
    core.links = null;
    for (const other of links) {
      other.links?.delete(core);
      signal(other, reason, core, false);
    }
  }
  if (core.monitors !== null) {
    const monitors = core.monitors;
    core.monitors = null;
    for (const ref of monitors) fire(ref, reason);
  }
}
