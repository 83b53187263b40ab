// The process engine behind every Pid: one mailbox, one message at a time, and the exit
// path. How it works:
//
// - Lifecycle is one field, `phase`: 'init' (init running; messages queue up) → 'running'
//   → 'exiting' (mailbox dropped, pending calls rejected, timers cancelled; terminate runs
//   once no handler is in flight) → 'dead' (links and monitors told, memory released).
// - `busy` is true while init, a handler or terminate is in flight, including across its
//   awaits: JavaScript cannot preempt, so "one message at a time" means the loop simply
//   does not take the next message until the current handler's promise settles.
// - The mailbox loop itself (taking messages, replying) is in loop.ts.
// - Maps and sets (timers, links, monitors, deferred replies) and the mailbox itself are
//   created on first use, and the mailbox is dropped again whenever it is drained, so an
//   idle process is a couple of small objects.
import { Pid } from './pid.ts';
import { Mailbox, type MessageKind } from './mailbox.ts';
import { runAs, type Activation } from './context.ts';
import { notifyExit, type MonitorRef } from './links.ts';
import type { Few } from './few.ts';
import { exited } from './errors.ts';
import { isCleanExit, type ExitReason } from './reasons.ts';
import { countExit, countSpawn, type ProcessStats } from './stats.ts';
import type { CallFrom, From } from './call_from.ts';
import { isThenable, step } from './loop.ts';

export type Phase = 'init' | 'running' | 'exiting' | 'dead';

/** What the engine calls; GenServer implements it. */
export interface Handlers {
  init(arg: unknown): unknown;
  handleCall(msg: unknown, from: From): unknown;
  handleCast(msg: unknown): unknown;
  handleInfo(msg: unknown): unknown;
  terminate(reason: ExitReason): unknown;
}

export interface CoreOptions {
  name?: string;
  mailboxCapacity?: number;
  stats?: ProcessStats;
}

export const DEFAULT_MAILBOX_CAPACITY = 100_000;
let nextPid = 1;

export class Core {
  readonly pid: Pid;
  readonly name: string | undefined;
  readonly capacity: number;
  readonly parent: Core | undefined;
  readonly stats: ProcessStats | undefined;
  server: Handlers | null;
  phase: Phase = 'init';
  busy = false;
  scheduled = false;
  trapping = false;
  stopRequested = false;
  stopReason: ExitReason = undefined;
  exitReason: ExitReason = undefined;
  handled = 0;
  mailbox: Mailbox<CallFrom> | null = null;
  inflight: CallFrom | null = null;
  deferred: Set<CallFrom> | null = null;
  timers: Set<NodeJS.Timeout> | null = null;
  links: Few<Core> = null;
  monitors: Few<MonitorRef> = null;
  watching: Few<MonitorRef> = null;
  runFn: (() => void) | null = null;
  /** The live activation while init, a drain or terminate runs; see context.ts. */
  activation: Activation | null = null;

  constructor(server: Handlers, opts: CoreOptions, parent: Core | undefined) {
    this.pid = new Pid(nextPid++, this);
    this.server = server;
    this.name = opts.name;
    this.capacity = opts.mailboxCapacity ?? DEFAULT_MAILBOX_CAPACITY;
    this.parent = parent;
    this.stats = opts.stats ?? parent?.stats;
    countSpawn();
    if (this.stats !== undefined) this.stats.started++;
  }

  get alive(): boolean {
    return this.phase === 'init' || this.phase === 'running';
  }

  get queueLength(): number {
    return this.mailbox === null ? 0 : this.mailbox.length;
  }

  /** The bounded-mailbox policy: user messages past capacity are refused, never dropped. */
  accepts(): boolean {
    return this.mailbox === null || this.mailbox.length < this.capacity;
  }

  enqueue(kind: MessageKind, msg: unknown, from: CallFrom | undefined): void {
    (this.mailbox ??= new Mailbox()).push(kind, msg, from);
    if (this.phase === 'running') this.kick();
  }

  /** Timer, DOWN, EXIT and stop messages: bounded by their sources, so never refused. */
  enqueueSystem(kind: MessageKind, msg: unknown): void {
    if (this.alive) this.enqueue(kind, msg, undefined);
  }

  kick(): void {
    if (this.scheduled || this.busy || this.phase === 'dead' || this.phase === 'init') return;
    this.scheduled = true;
    queueMicrotask((this.runFn ??= () => {
      this.scheduled = false;
      runAs(this, step, this);
    }));
  }

  yieldToIo(): void {
    this.activation = null;
    this.scheduled = true;
    setImmediate(this.runFn!);
  }

  /** Runs init; `done` gets undefined on success, else the error start() rejects with. */
  boot(arg: unknown, done: (err: unknown) => void): void {
    this.busy = true;
    let r: unknown;
    try {
      r = runAs(this, callInit, { server: this.server!, arg });
    } catch (err) {
      return this.initFailed(err, done);
    }
    if (isThenable(r)) r.then(() => this.initDone(done), (err) => this.initFailed(err, done));
    else this.initDone(done);
  }

  private initDone(done: (err: unknown) => void): void {
    this.busy = false;
    this.activation = null;
    if (this.phase === 'dead') return done(exited(String(this.pid), this.exitReason));
    if (this.stopRequested) {
      // stop() during init: like OTP's {stop, Reason} from init, start fails, no terminate.
      this.phase = 'exiting';
      this.finalize(this.stopReason);
      return done(exited(String(this.pid), this.stopReason));
    }
    if (this.phase === 'init') this.phase = 'running';
    done(undefined);
    this.kick(); // queued messages, or terminate if an exit signal came during init
  }

  private initFailed(err: unknown, done: (err: unknown) => void): void {
    this.busy = false;
    this.activation = null;
    if (this.phase === 'dead') return done(exited(String(this.pid), this.exitReason));
    this.phase = 'exiting';
    this.finalize(err); // init never completed, so there is no state for terminate
    done(err ?? new Error('init failed'));
  }

  /** GenServer#stop: after the current message, or now if idle. */
  requestStop(reason: ExitReason): void {
    if (!this.alive) return;
    if (this.busy) {
      this.stopRequested = true;
      this.stopReason = reason;
    } else this.beginExit(reason);
  }

  beginExit(reason: ExitReason): void {
    if (!this.alive) return;
    this.phase = 'exiting';
    this.exitReason = reason;
    this.releasePending(reason);
    if (!this.busy) this.kick(); // else the in-flight handler's completion kicks
  }

  crash(err: unknown): void {
    this.busy = false;
    if (this.phase === 'running') this.beginExit(err);
    else if (this.phase === 'exiting') this.kick(); // an exit signal came first; its reason stands
  }

  /** Untrappable: no terminate, no waiting for an in-flight handler. */
  kill(): void {
    if (this.phase === 'dead') return;
    this.phase = 'exiting';
    this.finalize('killed');
  }

  startTerminate(): void {
    this.busy = true;
    const reason = this.exitReason;
    let r: unknown;
    try {
      r = this.server!.terminate(reason);
    } catch {
      r = undefined; // best effort: a failing terminate must not block the exit
    }
    if (isThenable(r)) {
      const fin = () => this.finalize(reason);
      r.then(fin, fin);
    } else this.finalize(reason);
  }

  finalize(reason: ExitReason): void {
    if (this.phase === 'dead') return;
    this.phase = 'dead';
    this.busy = false;
    this.activation = null;
    this.exitReason = reason;
    this.releasePending(reason);
    this.server = null;
    this.runFn = null;
    countExit();
    if (this.stats !== undefined) {
      this.stats.exited++;
      if (!isCleanExit(reason)) this.stats.crashed++;
    }
    notifyExit(this, reason);
  }

  /** Drops the mailbox, rejects every call waiting on this process, cancels its timers. */
  private releasePending(reason: ExitReason): void {
    const mb = this.mailbox;
    this.mailbox = null;
    if (mb !== null) while (mb.shift()) if (mb.kind === 'call') mb.from!.fail(exited(String(this.pid), reason));
    if (this.inflight !== null) {
      this.inflight.fail(exited(String(this.pid), reason));
      this.inflight = null;
    }
    if (this.deferred !== null) {
      const deferred = this.deferred;
      this.deferred = null;
      for (const from of deferred) from.fail(exited(String(this.pid), reason));
    }
    if (this.timers !== null) {
      for (const t of this.timers) clearTimeout(t);
      this.timers = null;
    }
  }

  sendAfter(msg: unknown, ms: number): NodeJS.Timeout {
    const t: NodeJS.Timeout = setTimeout(() => {
      this.timers?.delete(t);
      this.enqueueSystem('info', msg);
    }, ms);
    if (this.alive) (this.timers ??= new Set()).add(t);
    else clearTimeout(t);
    return t;
  }

  cancelTimer(t: NodeJS.Timeout): void {
    clearTimeout(t);
    this.timers?.delete(t);
  }
}

function callInit(x: { server: Handlers; arg: unknown }): unknown {
  return x.server.init(x.arg);
}
