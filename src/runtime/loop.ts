// The mailbox loop: take a message, run its handler, reply, repeat.
//
// - A synchronous handler costs no Promise: its return value is used directly. Only a
//   handler that returns a thenable parks the loop on it (`busy` stays true), and the
//   loop resumes from that promise's continuation, so order holds across awaits.
// - A batch of messages runs per turn, then the loop yields with setImmediate so one busy
//   process cannot starve sockets and timers.
import type { Core } from './process.ts';
import type { MessageKind } from './mailbox.ts';
import { NO_REPLY, type CallFrom, type From } from './call_from.ts';

const BATCH = 64;

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
}

export function step(core: Core): void {
  if (core.busy) return;
  if (core.phase === 'running') drain(core);
  else if (core.phase === 'exiting') core.startTerminate();
}

/** Runs messages until the mailbox is empty, the batch is spent or the process leaves. */
function drain(core: Core): void {
  if (!drainUntilParked(core)) core.activation = null; // this drain is over
}

/** True when parked on an async handler, whose continuation carries on the same drain. */
function drainUntilParked(core: Core): boolean {
  const mb = core.mailbox;
  if (mb === null) return false;
  for (let budget = BATCH; mb.length > 0; budget--) {
    if (budget === 0) {
      core.yieldToIo();
      return false;
    }
    mb.shift();
    const kind = mb.kind;
    const msg = mb.msg;
    const from = mb.from;
    mb.msg = mb.from = undefined; // the mailbox must not keep the last message alive
    core.busy = true;
    const t0 = core.stats === undefined ? 0 : performance.now();
    let r: unknown;
    try {
      r = dispatch(core, kind, msg, from);
    } catch (err) {
      measure(core, kind, t0);
      core.crash(err);
      return false;
    }
    if (isThenable(r)) {
      r.then(
        (value) => {
          if (afterHandle(core, kind, from, value, t0)) drain(core);
          else core.activation = null;
        },
        (err) => {
          measure(core, kind, t0);
          core.activation = null;
          core.crash(err);
        },
      );
      return true;
    }
    if (!afterHandle(core, kind, from, r, t0)) return false;
  }
  // Drained: an idle process keeps no mailbox and no scheduling closure (most processes are
  // idle most of the time, and these are ~250 bytes each); the next message makes them again.
  if (core.mailbox === mb) core.mailbox = null;
  core.runFn = null;
  return false;
}

function dispatch(core: Core, kind: MessageKind, msg: unknown, from: CallFrom | undefined): unknown {
  const server = core.server!;
  switch (kind) {
    case 'call':
      core.inflight = from!;
      return server.handleCall(msg, from as unknown as From);
    case 'cast':
      return server.handleCast(msg);
    case 'info':
      return server.handleInfo(msg);
    case 'stop':
      core.stopRequested = true;
      core.stopReason = msg;
      return undefined;
  }
}

/** Replies, records timing, and says whether the loop may take the next message. */
function afterHandle(core: Core, kind: MessageKind, from: CallFrom | undefined, value: unknown, t0: number): boolean {
  core.busy = false;
  measure(core, kind, t0);
  if (kind === 'call') {
    core.inflight = null;
    if (value !== NO_REPLY) from!.settle(value);
    else if (!from!.done && core.phase === 'running') (core.deferred ??= new Set()).add(from!);
  }
  if (core.phase !== 'running') {
    if (core.phase === 'exiting') core.kick();
    return false;
  }
  if (core.stopRequested) {
    core.stopRequested = false;
    core.beginExit(core.stopReason);
    return false;
  }
  return true;
}

function measure(core: Core, kind: MessageKind, t0: number): void {
  core.handled++;
  if (core.stats !== undefined) core.stats.recordHandler(core.pid, core.name, kind, performance.now() - t0);
}
