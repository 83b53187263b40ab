// Typed runtime errors. Callers branch on `code` (stable snake_case), never on the message;
// `reason` carries the exit reason when a process died (an Error for crashes).
import type { ExitReason } from './reasons.ts';
import { describeReason } from './reasons.ts';

export type ProcessErrorCode = 'noproc' | 'timeout' | 'exit' | 'mailbox_full' | 'calling_self' | 'max_children';

export class ProcessError extends Error {
  readonly code: ProcessErrorCode;
  readonly reason?: ExitReason;
  constructor(code: ProcessErrorCode, message: string, reason?: ExitReason) {
    super(message, reason instanceof Error ? { cause: reason } : undefined);
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
