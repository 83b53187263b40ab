// Talking to processes: call (request/reply with timeout), cast and send (fire and forget),
// reply for deferred answers, exit signals, and observing an exit from plain code.
import type { Pid } from './pid.ts';
import { procOf } from './pid.ts';
import { currentCore } from './context.ts';
import { CallFrom, type From } from './call_from.ts';
import { ProcessError, noproc } from './errors.ts';
import { addMonitor, removeMonitor, signal } from './links.ts';
import type { ExitReason } from './reasons.ts';
import type { Core } from './process.ts';

export const DEFAULT_CALL_TIMEOUT = 5000;
export const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout turns anything longer into 1 ms

function mailboxFull(pid: Pid): ProcessError {
  return new ProcessError('mailbox_full', `mailbox of ${pid} is full`);
}

function onCallTimeout(from: CallFrom, pid: Pid, ms: number): void {
  from.timer = undefined;
  from.fail(new ProcessError('timeout', `call to ${pid} timed out after ${ms} ms`));
}

export function call<R = unknown>(pid: Pid, msg: unknown, timeoutMs: number = DEFAULT_CALL_TIMEOUT): Promise<R> {
  const core = procOf(pid);
  if (!core.alive) return Promise.reject(noproc(String(pid)));
  // Only a call made while the process is itself handling a message (or initialising)
  // would wait for itself; a detached promise chain it left behind may still call it.
  if (currentCore() === core && core.busy) {
    return Promise.reject(new ProcessError('calling_self', `process ${pid} called itself and would wait forever`));
  }
  if (!core.accepts()) return Promise.reject(mailboxFull(pid));
  const { promise, resolve, reject } = Promise.withResolvers<R>();
  const from = new CallFrom(core, resolve as (v: unknown) => void, reject);
  if (timeoutMs <= MAX_TIMER_MS) from.timer = setTimeout(onCallTimeout, timeoutMs, from, pid, timeoutMs);
  core.enqueue('call', msg, from);
  return promise;
}

/** Dropped silently if the process is dead (OTP); throws ProcessError 'mailbox_full' if full. */
export function cast(pid: Pid, msg: unknown): void {
  const core = procOf(pid);
  if (!core.alive) return;
  if (!core.accepts()) throw mailboxFull(pid);
  core.enqueue('cast', msg, undefined);
}

/** An info message (handleInfo). Same delivery rules as cast. */
export function send(pid: Pid, msg: unknown): void {
  const core = procOf(pid);
  if (!core.alive) return;
  if (!core.accepts()) throw mailboxFull(pid);
  core.enqueue('info', msg, undefined);
}

export function reply(from: From, value: unknown): void {
  (from as unknown as CallFrom).settle(value);
}

/** Sends an exit signal; 'kill' cannot be trapped and the target dies with 'killed'. */
export function exit(pid: Pid, reason: ExitReason): void {
  signal(procOf(pid), reason, currentCore(), reason === 'kill');
}

export function isAlive(pid: Pid): boolean {
  return procOf(pid).alive;
}

/** The pid of the process running the current code (across awaits), if any. */
export function self(): Pid | undefined {
  return currentCore()?.pid;
}

/**
 * Calls `cb(reason)` once when the process exits ('noproc' on a later tick if it is already
 * dead). Returns a function that cancels the observation. For code that is not a process.
 */
export function onExit(pid: Pid, cb: (reason: ExitReason) => void): () => void {
  const core = procOf(pid);
  if (core.phase === 'dead') {
    let cancelled = false;
    queueMicrotask(() => cancelled || cb('noproc'));
    return () => void (cancelled = true);
  }
  const ref = addMonitor(core, cb);
  return () => removeMonitor(ref);
}

/** Resolves with the exit reason once the process is dead. */
export function whenExited(pid: Pid): Promise<ExitReason> {
  return new Promise((resolve) => onExit(pid, resolve));
}

/**
 * Stops a process in order (after the messages already queued), runs its terminate, and
 * resolves once it is dead. Rejects 'noproc', 'calling_self' or 'timeout'.
 */
export function stop(pid: Pid, reason: ExitReason = 'normal', timeoutMs: number = Infinity): Promise<void> {
  const core: Core = procOf(pid);
  if (!core.alive) return Promise.reject(noproc(String(pid)));
  if (currentCore() === core) return Promise.reject(new ProcessError('calling_self', `process ${pid} cannot wait for its own stop`));
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cancel = onExit(pid, () => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    });
    if (timeoutMs <= MAX_TIMER_MS) {
      timer = setTimeout(() => {
        cancel();
        reject(new ProcessError('timeout', `${pid} did not stop within ${timeoutMs} ms`));
      }, timeoutMs);
    }
    core.enqueueSystem('stop', reason);
  });
}
