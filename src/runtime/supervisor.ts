// Supervisor: a process that starts children in order, restarts them by strategy, and stops
// them in reverse order. It traps exits and links to each child, so a child's death arrives
// as an EXIT message. Too many restarts in the window (restart intensity) make it shut its
// children down and exit with {shutdown: 'reached_max_restart_intensity'}: its parent decides.
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

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

export interface SupervisorOptions {
  strategy: Strategy;
  maxRestarts?: number;
  maxSeconds?: number;
  children: ChildSpec[];
}

export interface SupervisorStartOptions {
  link?: Pid;
  name?: string;
  stats?: ProcessStats;
}

type Child = { spec: FullSpec; pid: Pid | null };

type Request =
  | { type: 'which' }
  | { type: 'start_child'; spec: ChildSpec }
  | { type: 'terminate_child'; id: string }
  | { type: 'restart_child'; id: string }
  | { type: 'delete_child'; id: string };

/** Internal: retry a restart whose start failed; counts against the intensity again. */
type Retry = { type: '$restart'; ids: string[] };

class SupervisorServer extends GenServer<SupervisorOptions> {
  private children: Child[] = [];
  private strategy: Strategy = 'one_for_one';
  private intensity = new RestartIntensity();

  override async init(opts: SupervisorOptions): Promise<void> {
    this.trapExits(true);
    this.strategy = opts.strategy;
    this.intensity = new RestartIntensity(opts.maxRestarts, opts.maxSeconds);
    const ids = new Set<string>();
    for (const spec of opts.children) {
      if (ids.has(spec.id)) throw new ProcessError('already_present', `duplicate child id ${spec.id}`);
      ids.add(spec.id);
    }
    for (const spec of opts.children) {
      const child: Child = { spec: normalize(spec), pid: null };
      try {
        child.pid = await this.startChild(child.spec);
      } catch (err) {
        await this.shutdownAll(); // all or nothing: leave no orphans behind a failed start
        throw err;
      }
      this.children.push(child);
    }
  }

  override async handleCall(msg: unknown): Promise<unknown> {
    const req = msg as Request;
    switch (req.type) {
      case 'which':
        return this.children.map(({ spec, pid }): ChildInfo => ({ id: spec.id, pid, restart: spec.restart, type: spec.type }));
      case 'start_child': {
        if (this.find(req.spec.id)) return new ProcessError('already_present', `child ${req.spec.id} already exists`);
        const child: Child = { spec: normalize(req.spec), pid: null };
        try {
          child.pid = await this.startChild(child.spec);
        } catch (err) {
          return err;
        }
        this.children.push(child);
        return child.pid;
      }
      case 'terminate_child': {
        const child = this.find(req.id);
        if (!child) return new ProcessError('not_found', `no child ${req.id}`);
        await this.shutdown(child);
        if (child.spec.restart === 'temporary') this.remove(child);
        return undefined;
      }
      case 'restart_child': {
        const child = this.find(req.id);
        if (!child) return new ProcessError('not_found', `no child ${req.id}`);
        if (child.pid) return new ProcessError('running', `child ${req.id} is running`);
        try {
          child.pid = await this.startChild(child.spec);
        } catch (err) {
          return err;
        }
        return child.pid;
      }
      case 'delete_child': {
        const child = this.find(req.id);
        if (!child) return new ProcessError('not_found', `no child ${req.id}`);
        if (child.pid) return new ProcessError('running', `child ${req.id} is running`);
        this.remove(child);
        return undefined;
      }
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    const m = msg as ExitMessage | Retry;
    if (m.type === '$restart') return this.restartOrEscalate(m.ids);
    if (m.type !== 'EXIT') return;
    const child = this.children.find((c) => c.pid === m.pid);
    if (!child) return; // a child we already stopped, or a stranger linked to us
    child.pid = null;
    if (!shouldRestart(child.spec.restart, m.reason)) {
      if (child.spec.restart === 'temporary') this.remove(child);
      return;
    }
    const group = this.strategy === 'one_for_one' ? [child]
      : this.strategy === 'one_for_all' ? this.children.slice()
      : this.children.slice(this.children.indexOf(child));
    // Stop the rest of the group (newest first) before starting anything again.
    for (const c of group.slice().reverse()) if (c !== child && c.pid) await this.shutdown(c);
    for (const c of group) if (c !== child && c.spec.restart === 'temporary') this.remove(c);
    await this.restartOrEscalate(group.filter((c) => this.children.includes(c)).map((c) => c.spec.id));
  }

  override async terminate(_reason: ExitReason): Promise<void> {
    await this.shutdownAll();
  }

  private async restartOrEscalate(ids: string[]): Promise<void> {
    if (!this.intensity.allow()) return this.stop(INTENSITY_EXCEEDED);
    for (let i = 0; i < ids.length; i++) {
      const child = this.find(ids[i]);
      if (!child || child.pid) continue;
      try {
        child.pid = await this.startChild(child.spec);
      } catch {
        // Retry through the mailbox so EXITs and calls are not starved and the intensity
        // limit eventually ends a child that can never start.
        this.sendAfter({ type: '$restart', ids: ids.slice(i) } satisfies Retry, 0);
        return;
      }
    }
  }

  private async startChild(spec: FullSpec): Promise<Pid> {
    const pid = await startSpec(spec);
    this.link(pid); // a child that died already arrives as EXIT noproc and is handled as an exit
    return pid;
  }

  private async shutdown(child: Child): Promise<void> {
    const pid = child.pid;
    if (!pid) return;
    child.pid = null;
    await shutdownChild(pid, child.spec.shutdown);
  }

  private async shutdownAll(): Promise<void> {
    for (const child of this.children.slice().reverse()) await this.shutdown(child);
  }

  private find(id: string): Child | undefined {
    return this.children.find((c) => c.spec.id === id);
  }

  private remove(child: Child): void {
    this.children = this.children.filter((c) => c !== child);
  }
}

async function request<T>(sup: Pid, req: Request): Promise<T> {
  // Supervisor calls wait for child starts and shutdowns, which have their own limits.
  const res = await call(sup, req, Infinity);
  if (res instanceof Error) throw res;
  return res as T;
}

export const Supervisor = {
  start(opts: SupervisorOptions, startOpts: SupervisorStartOptions = {}): Promise<Pid> {
    return start(SupervisorServer, opts, startOpts);
  },
  whichChildren(sup: Pid): Promise<ChildInfo[]> {
    return request(sup, { type: 'which' });
  },
  startChild(sup: Pid, spec: ChildSpec): Promise<Pid> {
    return request(sup, { type: 'start_child', spec });
  },
  terminateChild(sup: Pid, id: string): Promise<void> {
    return request(sup, { type: 'terminate_child', id });
  },
  restartChild(sup: Pid, id: string): Promise<Pid> {
    return request(sup, { type: 'restart_child', id });
  },
  deleteChild(sup: Pid, id: string): Promise<void> {
    return request(sup, { type: 'delete_child', id });
  },
  /** Stops the supervisor and its tree (children in reverse start order); resolves when dead. */
  stop(sup: Pid, reason: ExitReason = 'normal'): Promise<void> {
    return stop(sup, reason);
  },
};
