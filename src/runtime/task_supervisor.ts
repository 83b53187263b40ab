// Task.Supervisor: a DynamicSupervisor of temporary task processes. asyncNoLink gives the
// caller a handle without a link (a failing task cannot take the caller down) while the
// supervisor still owns the task, so stopping the supervisor stops its tasks. Tasks are
// killed outright on shutdown, as an Elixir task that does not trap exits dies at once:
// a task is a single function with no terminate to wait for.
import type { Pid } from './pid.ts';
import { DynamicSupervisor, adoptChild, type DynamicSupervisorOptions } from './dynamic_supervisor.ts';
import { TaskHandle, releaseTask, spawnTask } from './task.ts';
import { exit, isAlive } from './messaging.ts';
import { noproc, ProcessError } from './errors.ts';
import type { ProcessStats } from './stats.ts';

const notRestartable = () => Promise.reject(new ProcessError('start_failed', 'tasks are temporary and never restarted'));

function startSupervisor(opts: DynamicSupervisorOptions = {}, startOpts: { link?: Pid; name?: string; stats?: ProcessStats } = {}): Promise<Pid> {
  return DynamicSupervisor.start(opts, startOpts);
}

/** Fire and forget under supervision; resolves with the task's pid. */
function startChild(sup: Pid, fn: () => Promise<void> | void): Promise<Pid> {
  return DynamicSupervisor.startChild(sup, {
    id: 'task',
    restart: 'temporary',
    shutdown: 'brutal_kill',
    start: async () => spawnTask(fn, undefined, undefined),
  });
}

function start(opts?: DynamicSupervisorOptions, startOpts?: { link?: Pid; name?: string; stats?: ProcessStats }): Promise<Pid>;
function start(sup: Pid, fn: () => Promise<void> | void): Promise<Pid>;
function start(a?: unknown, b?: unknown): Promise<Pid> {
  if (typeof b === 'function') return startChild(a as Pid, b as () => Promise<void> | void);
  return startSupervisor(a as DynamicSupervisorOptions | undefined, b as { link?: Pid; name?: string } | undefined);
}

export const TaskSupervisor = {
  /** TaskSupervisor.start(opts?) starts a supervisor; TaskSupervisor.start(sup, fn) starts a task under one. */
  start,
  startChild,

  /** Throws ProcessError 'noproc' if the supervisor is dead; the handle rejects 'max_children' if full. */
  asyncNoLink<T>(sup: Pid, fn: () => Promise<T> | T): TaskHandle<T> {
    if (!isAlive(sup)) throw noproc(String(sup));
    // The task waits until the supervisor has taken it in, so a refused task never runs.
    const handle = new TaskHandle<T>((h) => spawnTask(fn, h, undefined, true), undefined);
    adoptChild(sup, handle.pid, { id: 'task', restart: 'temporary', shutdown: 'brutal_kill', start: notRestartable }).then(
      () => releaseTask(handle.pid),
      (err) => {
        handle.fail(err); // report why (e.g. max_children) rather than the kill that follows
        exit(handle.pid, 'kill');
      },
    );
    return handle;
  },
};
