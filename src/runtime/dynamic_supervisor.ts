// DynamicSupervisor: children started on demand (one per table, one per task), all under
// one_for_one, with a cap on how many may run at once. Children are keyed by pid; a restart
// replaces the pid. Exceeding the restart intensity escalates as in Supervisor.
import type { Pid } from './pid.ts';
import { GenServer, start } from './gen_server.ts';
import { call, stop } from './messaging.ts';
import { ProcessError } from './errors.ts';
import type { ExitMessage } from './links.ts';
import type { ExitReason } from './reasons.ts';
import type { ProcessStats } from './stats.ts';
import {
  INTENSITY_EXCEEDED, RestartIntensity, normalize, shouldRestart, startSpec,
  type ChildInfo, type ChildSpec, type FullSpec,
} from './child_spec.ts';
import { shutdownChild } from './shutdown.ts';

export interface DynamicSupervisorOptions {
  /** Default Infinity. */
  maxChildren?: number;
  maxRestarts?: number;
  maxSeconds?: number;
}

export type DynamicChildSpec = Omit<ChildSpec, 'id'> & { id?: string };

export interface ChildCounts {
  active: number;
  supervisors: number;
  workers: number;
}

type Request =
  | { type: 'start_child'; spec: DynamicChildSpec }
  | { type: 'adopt'; pid: Pid; spec: DynamicChildSpec }
  | { type: 'terminate_child'; pid: Pid }
  | { type: 'which' }
  | { type: 'count' };

type Retry = { type: '$restart'; spec: FullSpec };

class DynamicSupervisorServer extends GenServer<DynamicSupervisorOptions> {
  private children = new Map<Pid, FullSpec>();
  private maxChildren = Infinity;
  private intensity = new RestartIntensity();
  /** Budgets of children that carry their own (keyed by the spec, which a restart keeps). */
  private own = new WeakMap<FullSpec, RestartIntensity>();

  override init(opts: DynamicSupervisorOptions): void {
    this.trapExits(true);
    this.maxChildren = opts.maxChildren ?? Infinity;
    this.intensity = new RestartIntensity(opts.maxRestarts, opts.maxSeconds);
  }

  override async handleCall(msg: unknown): Promise<unknown> {
    const req = msg as Request;
    switch (req.type) {
      case 'start_child': {
        if (this.children.size >= this.maxChildren) return this.full();
        try {
          return await this.startChild(this.spec(req.spec));
        } catch (err) {
          return err;
        }
      }
      case 'adopt': {
        // A task spawned synchronously by its caller (asyncNoLink) joins the tree here.
        if (this.children.size >= this.maxChildren) return this.full();
        this.children.set(req.pid, keep(this.spec(req.spec)));
        this.link(req.pid);
        return req.pid;
      }
      case 'terminate_child': {
        const spec = this.children.get(req.pid);
        if (!spec) return new ProcessError('not_found', `${req.pid} is not a child of this supervisor`);
        this.children.delete(req.pid);
        await shutdownChild(req.pid, spec.shutdown);
        return undefined;
      }
      case 'which':
        return [...this.children].map(([pid, s]): ChildInfo => ({ id: s.id, pid, restart: s.restart, type: s.type }));
      case 'count': {
        let supervisors = 0;
        for (const s of this.children.values()) if (s.type === 'supervisor') supervisors++;
        return { active: this.children.size, supervisors, workers: this.children.size - supervisors } satisfies ChildCounts;
      }
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    const m = msg as ExitMessage | Retry;
    if (m.type === '$restart') return this.restart(m.spec);
    if (m.type !== 'EXIT') return;
    const spec = this.children.get(m.pid);
    if (!spec) return;
    this.children.delete(m.pid);
    if (shouldRestart(spec.restart, m.reason)) await this.restart(spec, m.reason);
  }

  override async terminate(_reason: ExitReason): Promise<void> {
    for (const [pid, spec] of [...this.children].reverse()) {
      this.children.delete(pid);
      await shutdownChild(pid, spec.shutdown);
    }
  }

  private async restart(spec: FullSpec, reason: ExitReason = 'restart_failed'): Promise<void> {
    if (spec.intensity) {
      let budget = this.own.get(spec);
      if (!budget) this.own.set(spec, (budget = new RestartIntensity(spec.intensity.maxRestarts, spec.intensity.maxSeconds)));
      if (!budget.allow()) return this.giveUp(spec, reason);
    } else if (!this.intensity.allow()) return this.stop(INTENSITY_EXCEEDED);
    try {
      await this.startChild(spec);
    } catch {
      this.sendAfter({ type: '$restart', spec } satisfies Retry, 0);
    }
  }

  private giveUp(spec: FullSpec, reason: ExitReason): void {
    this.own.delete(spec);
    try {
      spec.onGiveUp?.(reason);
    } catch {
      // the callback's failure is the caller's concern, never the supervisor's
    }
  }

  private async startChild(spec: FullSpec): Promise<Pid> {
    const pid = await startSpec(spec);
    this.children.set(pid, keep(spec));
    this.link(pid);
    return pid;
  }

  private spec(spec: DynamicChildSpec): FullSpec {
    return normalize({ ...spec, id: spec.id ?? 'dynamic' });
  }

  private full(): ProcessError {
    return new ProcessError('max_children', `dynamic supervisor ${this.self} has reached maxChildren (${this.maxChildren})`);
  }
}

// A temporary child is never restarted, so its start function (and everything it closes
// over) need not be kept — as OTP does not keep a temporary child's start arguments. Such
// children share one frozen record per (id, shutdown, type): tens of thousands of channel
// processes then cost the supervisor a map entry each, not a spec and a closure each.
const slim = new Map<string, FullSpec>();
const notRestartable = (): Promise<Pid> => Promise.reject(new ProcessError('start_failed', 'a temporary child is not restarted'));

function keep(spec: FullSpec): FullSpec {
  if (spec.restart !== 'temporary') return spec;
  const key = `${spec.id}\0${String(spec.shutdown)}\0${spec.type}`;
  let s = slim.get(key);
  if (s === undefined) {
    if (slim.size >= 1024) slim.clear(); // ids are few in practice; never let the cache grow unbounded
    s = Object.freeze({ id: spec.id, start: notRestartable, restart: 'temporary', shutdown: spec.shutdown, type: spec.type });
    slim.set(key, s);
  }
  return s;
}

async function request<T>(sup: Pid, req: Request): Promise<T> {
  const res = await call(sup, req, Infinity);
  if (res instanceof Error) throw res;
  return res as T;
}

export const DynamicSupervisor = {
  start(opts: DynamicSupervisorOptions = {}, startOpts: { link?: Pid; name?: string; stats?: ProcessStats } = {}): Promise<Pid> {
    return start(DynamicSupervisorServer, opts, startOpts);
  },
  /** Rejects ProcessError 'max_children' when full, 'start_failed' when the start fails. */
  startChild(sup: Pid, spec: DynamicChildSpec): Promise<Pid> {
    return request(sup, { type: 'start_child', spec });
  },
  terminateChild(sup: Pid, pid: Pid): Promise<void> {
    return request(sup, { type: 'terminate_child', pid });
  },
  whichChildren(sup: Pid): Promise<ChildInfo[]> {
    return request(sup, { type: 'which' });
  },
  countChildren(sup: Pid): Promise<ChildCounts> {
    return request(sup, { type: 'count' });
  },
  stop(sup: Pid, reason: ExitReason = 'normal'): Promise<void> {
    return stop(sup, reason);
  },
};

/** Internal (TaskSupervisor): puts an already running process under the supervisor. */
export function adoptChild(sup: Pid, pid: Pid, spec: DynamicChildSpec): Promise<Pid> {
  return request(sup, { type: 'adopt', pid, spec });
}
