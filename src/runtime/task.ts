// Task: run one function in its own process and await its result. The task process runs the
// function as its first message, keeps the outcome in its handle, and exits 'normal'; any
// other exit (crash, kill, shutdown) turns into a rejection of the handle. Task.async links
// the task to the calling process, as Elixir does, so a crash takes both down unless the
// caller traps exits; use TaskSupervisor.asyncNoLink when the caller must survive.
import type { Pid } from './pid.ts';
import { procOf } from './pid.ts';
import { GenServer, spawn } from './gen_server.ts';
import { MAX_TIMER_MS, cast, exit, onExit } from './messaging.ts';
import { currentCore } from './context.ts';
import { unlink } from './links.ts';
import { ProcessError, exited } from './errors.ts';

export class TaskHandle<T> {
  readonly pid: Pid;
  /** Internal: the process the task is linked to, unlinked before a timeout kill. */
  readonly owner: Pid | undefined;
  /** Internal: settles once with the outcome. */
  readonly result: Promise<T>;
  private settle!: { resolve: (v: unknown) => void; reject: (e: unknown) => void; done: boolean };

  constructor(start: (handle: TaskHandle<T>) => Pid, owner: Pid | undefined) {
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    promise.catch(() => {}); // an un-awaited failed task must not become an unhandled rejection
    this.result = promise;
    this.settle = { resolve: resolve as (v: unknown) => void, reject, done: false };
    this.owner = owner;
    this.pid = start(this);
    onExit(this.pid, (reason) => this.fail(exited(String(this.pid), reason)));
  }

  /** Internal. */
  succeed(value: unknown): void {
    if (this.settle.done) return;
    this.settle.done = true;
    this.settle.resolve(value);
  }

  /** Internal. */
  fail(err: unknown): void {
    if (this.settle.done) return;
    this.settle.done = true;
    this.settle.reject(err);
  }
}

const RUN = Symbol('run');

type TaskArg = { fn: () => unknown; handle: TaskHandle<unknown> | undefined; gated: boolean };

export class TaskServer extends GenServer<TaskArg> {
  private arg!: TaskArg;
  override init(arg: TaskArg): void {
    this.arg = arg;
    // Run after init, so start() and the handle are ready first; a gated task waits for
    // releaseTask (its supervisor has accepted it).
    if (!arg.gated) cast(this.self, RUN);
  }
  override async handleCast(msg: unknown): Promise<void> {
    if (msg !== RUN) return super.handleCast(msg);
    const value = await this.arg.fn();
    this.arg.handle?.succeed(value);
    this.stop('normal');
  }
}

/** Internal: a task process, optionally linked, reporting to a handle. */
export function spawnTask<T>(fn: () => Promise<T> | T, handle: TaskHandle<T> | undefined, link: Pid | undefined, gated = false): Pid {
  return spawn(TaskServer, { fn, handle: handle as TaskHandle<unknown> | undefined, gated }, { link, name: 'task' });
}

/** Internal: lets a gated task run. */
export function releaseTask(pid: Pid): void {
  cast(pid, RUN);
}

function kill(t: TaskHandle<unknown>): void {
  if (t.owner !== undefined) unlink(procOf(t.pid), procOf(t.owner)); // the caller asked for a rejection, not a crash
  exit(t.pid, 'kill');
}

function timedOut(ms: number): ProcessError {
  return new ProcessError('timeout', `task did not finish within ${ms} ms`);
}

export const Task = {
  async<T>(fn: () => Promise<T> | T, opts: { link?: Pid } = {}): TaskHandle<T> {
    const owner = opts.link ?? currentCore()?.pid;
    return new TaskHandle<T>((h) => spawnTask(fn, h, owner), owner);
  },

  /** Rejects 'exit' if the task failed, 'timeout' (and kills the task) if it is too slow. */
  await<T>(t: TaskHandle<T>, timeoutMs = 5000): Promise<T> {
    return Task.awaitMany([t], timeoutMs).then((r) => r[0] as T);
  },

  /** All results in order; rejects on the first failure, or 'timeout' killing the unfinished. */
  awaitMany(ts: TaskHandle<unknown>[], timeoutMs = 5000): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const done = new Set<TaskHandle<unknown>>();
      const timer = timeoutMs > MAX_TIMER_MS ? undefined : setTimeout(() => {
        for (const t of ts) if (!done.has(t)) kill(t);
        reject(timedOut(timeoutMs));
      }, timeoutMs);
      const all = ts.map((t) => t.result.then((v) => (done.add(t), v)));
      Promise.all(all).then(
        (values) => (clearTimeout(timer), resolve(values)),
        (err) => (clearTimeout(timer), reject(err)),
      );
    });
  },
};
