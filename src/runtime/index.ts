// The public surface of the runtime. Everything else in this folder is internal.
export { Pid } from './pid.ts';
export type { ExitReason } from './reasons.ts';
export { isCleanExit, isShutdown, describeReason } from './reasons.ts';
export { ProcessError, ProcessErrorCodes, isProcessError, type ProcessErrorCode } from './errors.ts';
export { NO_REPLY, type From } from './call_from.ts';
export { MonitorRef, type DownMessage, type ExitMessage } from './links.ts';
export { GenServer, start, type StartOptions, type TimerRef } from './gen_server.ts';
export { call, cast, send, reply, exit, isAlive, self, onExit, whenExited, stop, DEFAULT_CALL_TIMEOUT } from './messaging.ts';
export { DEFAULT_MAILBOX_CAPACITY, type Phase } from './process.ts';
export { ProcessStats, liveProcessCount, type SlowHandler } from './stats.ts';
export { processInfo, type ProcessInfo } from './introspect.ts';
export type { ChildSpec, ChildInfo, Restart, ChildType, Shutdown } from './child_spec.ts';
export { Supervisor, type Strategy, type SupervisorOptions, type SupervisorStartOptions } from './supervisor.ts';
export { DynamicSupervisor, type DynamicSupervisorOptions, type DynamicChildSpec, type ChildCounts } from './dynamic_supervisor.ts';
export { Registry, type Keys, type RegisterResult, type Entry } from './registry.ts';
export { Task, TaskHandle } from './task.ts';
export { TaskSupervisor } from './task_supervisor.ts';
export { Agent } from './agent.ts';
