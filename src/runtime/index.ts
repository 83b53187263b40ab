// The public surface of the runtime. Everything else in this folder is internal.
export { Pid } from './pid.ts';
export type { ExitReason } from './reasons.ts';
export { isCleanExit, isShutdown, describeReason } from './reasons.ts';
export { ProcessError, isProcessError, type ProcessErrorCode } from './errors.ts';
export { NO_REPLY, type From } from './call_from.ts';
export { MonitorRef, type DownMessage, type ExitMessage } from './links.ts';
export { GenServer, start, type StartOptions, type TimerRef } from './gen_server.ts';
export { call, cast, send, reply, exit, isAlive, self, onExit, whenExited, stop, DEFAULT_CALL_TIMEOUT } from './messaging.ts';
export { DEFAULT_MAILBOX_CAPACITY, type Phase } from './process.ts';
export { ProcessStats, liveProcessCount, type SlowHandler } from './stats.ts';
export { processInfo, type ProcessInfo } from './introspect.ts';
