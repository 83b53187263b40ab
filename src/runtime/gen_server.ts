// GenServer: the behaviour a process implements, plus start(). Subclasses override the
// handlers; the helper methods act on the process behind `self`.
import type { Pid } from './pid.ts';
import { procOf } from './pid.ts';
import { Core, type CoreOptions, type Handlers } from './process.ts';
import { currentCore } from './context.ts';
import { link as linkCores, unlink as unlinkCores, addMonitor, removeMonitor, type MonitorRef } from './links.ts';
import type { From } from './call_from.ts';
import { describeReason, type ExitReason } from './reasons.ts';

declare const timerBrand: unique symbol;
/** Opaque handle from sendAfter, for cancelTimer. */
export type TimerRef = { readonly [timerBrand]: true };

export interface StartOptions extends CoreOptions {
  /** Link to this process once init has succeeded. */
  link?: Pid;
}

export abstract class GenServer<Arg = void> implements Handlers {
  /** Set before init runs. */
  readonly self!: Pid;

  init(_arg: Arg): void | Promise<void> {}

  handleCall(msg: unknown, _from: From): unknown {
    throw new Error(`${this.constructor.name} got an unexpected call: ${describeReason(msg)}`);
  }

  handleCast(msg: unknown): void | Promise<void> {
    throw new Error(`${this.constructor.name} got an unexpected cast: ${describeReason(msg)}`);
  }

  /** Unknown info messages are ignored, as in OTP (a stray DOWN or timer is not a bug). */
  handleInfo(_msg: unknown): void | Promise<void> {}

  terminate(_reason: ExitReason): void | Promise<void> {}

  /** Stops after the current message; the rest of the mailbox is dropped. */
  stop(reason: ExitReason = 'normal'): void {
    procOf(this.self).requestStop(reason);
  }

  sendAfter(msg: unknown, ms: number): TimerRef {
    return procOf(this.self).sendAfter(msg, ms) as unknown as TimerRef;
  }

  /** A timer that already fired may have its message queued; that message still arrives. */
  cancelTimer(ref: TimerRef): void {
    procOf(this.self).cancelTimer(ref as unknown as NodeJS.Timeout);
  }

  monitor(pid: Pid): MonitorRef {
    return addMonitor(procOf(pid), procOf(this.self));
  }

  demonitor(ref: MonitorRef): void {
    removeMonitor(ref);
  }

  link(pid: Pid): void {
    linkCores(procOf(this.self), procOf(pid));
  }

  unlink(pid: Pid): void {
    unlinkCores(procOf(this.self), procOf(pid));
  }

  trapExits(on: boolean): void {
    procOf(this.self).trapping = on;
  }
}

function create<A>(ctor: new () => GenServer<A>, opts: CoreOptions): Core {
  const server = new ctor();
  const core = new Core(server as Handlers, opts, currentCore());
  (server as { self: Pid }).self = core.pid;
  return core;
}

/** Starts a process and resolves once init has finished; rejects with init's error. */
export function start<A>(ctor: new () => GenServer<A>, arg: A, opts: StartOptions = {}): Promise<Pid> {
  let core: Core;
  try {
    core = create(ctor, opts);
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    core.boot(arg, (err) => {
      if (err !== undefined) return reject(err);
      if (opts.link !== undefined) linkCores(core, procOf(opts.link));
      resolve(core.pid);
    });
  });
}

/**
 * Internal: starts a process and returns its pid at once, linked before init runs, so an
 * init failure reaches the link as an exit signal. Used by Task, whose handle is synchronous.
 */
export function spawn<A>(ctor: new () => GenServer<A>, arg: A, opts: StartOptions = {}): Pid {
  const core = create(ctor, opts);
  if (opts.link !== undefined) linkCores(core, procOf(opts.link));
  core.boot(arg, () => {});
  return core.pid;
}
