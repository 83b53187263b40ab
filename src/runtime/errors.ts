// Typed runtime errors. Callers branch on `code` (stable snake_case), never on the message;
// `reason` carries the exit reason when a process died (an Error for crashes).
import type { ExitReason } from './reasons.ts';
import { describeReason } from './reasons.ts';

// The one catalogue of runtime error codes; docs/runtime.md lists each (checked by a test).
export const ProcessErrorCodes = {
  noproc: 'the process is not alive',
  timeout: 'no answer within the timeout',
  exit: 'the process exited before answering; `reason` says why',
  mailbox_full: 'the mailbox is at capacity; the message was refused',
  calling_self: 'a process called itself, which would wait forever',
  max_children: 'the dynamic supervisor is at its maxChildren limit',
  already_present: 'a child with that id is already in the supervisor',
  not_found: 'the supervisor has no child with that id or pid',
  running: 'the child is running; terminate it first',
  start_failed: "a child's start function failed; `cause` has the error",
} as const;

export type ProcessErrorCode = keyof typeof ProcessErrorCodes;

export class ProcessError extends Error {
  readonly code: ProcessErrorCode;
  readonly reason?: ExitReason;
  constructor(code: ProcessErrorCode, message: string, reason?: ExitReason, cause?: unknown) {
    super(message, cause !== undefined ? { cause } : reason instanceof Error ? { cause: reason } : undefined);
    this.name = 'ProcessError';
    this.code = code;
    if (reason !== undefined) this.reason = reason;
  }
}

export function isProcessError(e: unknown, code?: ProcessErrorCode): e is ProcessError {
  return e instanceof ProcessError && (code === undefined || e.code === code);
}

export function noproc(what: string): ProcessError {
  return new ProcessError('noproc', `no process: ${what} is not alive`);
}

export function exited(what: string, reason: ExitReason): ProcessError {
  return new ProcessError('exit', `process ${what} exited: ${describeReason(reason)}`, reason);
}
