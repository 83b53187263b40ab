// Supervision as data: what a supervisor knows about a child, the defaults OTP uses, and the
// rule deciding whether an exit is restarted.
import { Pid } from './pid.ts';
import { ProcessError } from './errors.ts';
import { isCleanExit, type ExitReason } from './reasons.ts';

export type Restart = 'permanent' | 'transient' | 'temporary';
export type ChildType = 'worker' | 'supervisor';
/** Milliseconds to wait after the 'shutdown' signal before killing, or kill at once. */
export type Shutdown = number | 'brutal_kill';

export interface ChildSpec {
  id: string;
  start: () => Promise<Pid>;
  restart?: Restart;
  /** Default 5000 for workers; Infinity for supervisors, which need time to stop their own tree. */
  shutdown?: Shutdown;
  type?: ChildType;
  /**
   * A restart budget of the child's own (DynamicSupervisor only): its restarts count
   * against this instead of the supervisor's intensity, and past it the child is given
   * up — `onGiveUp` is told — while the supervisor and its other children carry on. One
   * table that keeps crashing is then closed, and never takes its siblings down.
   */
  intensity?: { maxRestarts: number; maxSeconds: number };
  onGiveUp?: (reason: ExitReason) => void;
}

export interface ChildInfo {
  id: string;
  pid: Pid | null;
  restart: Restart;
  type: ChildType;
}

export type FullSpec = Required<Omit<ChildSpec, 'intensity' | 'onGiveUp'>> & Pick<ChildSpec, 'intensity' | 'onGiveUp'>;

export const DEFAULT_WORKER_SHUTDOWN = 5000;

export function normalize(spec: ChildSpec): FullSpec {
  const type = spec.type ?? 'worker';
  return {
    id: spec.id,
    start: spec.start,
    restart: spec.restart ?? 'permanent',
    type,
    shutdown: spec.shutdown ?? (type === 'supervisor' ? Infinity : DEFAULT_WORKER_SHUTDOWN),
    ...(spec.intensity ? { intensity: spec.intensity } : {}),
    ...(spec.onGiveUp ? { onGiveUp: spec.onGiveUp } : {}),
  };
}

export function shouldRestart(restart: Restart, reason: ExitReason): boolean {
  if (restart === 'permanent') return true;
  if (restart === 'transient') return !isCleanExit(reason);
  return false;
}

/** Runs a spec's start function; any failure becomes a 'start_failed' error naming the child. */
export async function startSpec(spec: FullSpec): Promise<Pid> {
  let pid: unknown;
  try {
    pid = await spec.start();
  } catch (err) {
    throw new ProcessError('start_failed', `child ${spec.id} failed to start: ${String(err)}`, undefined, err);
  }
  if (!(pid instanceof Pid)) throw new ProcessError('start_failed', `child ${spec.id}: start() did not return a Pid`);
  return pid;
}

/** Restart intensity: more than `max` restarts within `seconds` means give up and escalate. */
export class RestartIntensity {
  private readonly max: number;
  private readonly windowMs: number;
  private stamps: number[] = [];
  constructor(max = 3, seconds = 5) {
    this.max = max;
    this.windowMs = seconds * 1000;
  }
  /** Records a restart; false when it exceeds the limit. */
  allow(now: number = performance.now()): boolean {
    this.stamps = this.stamps.filter((t) => now - t < this.windowMs);
    this.stamps.push(now);
    return this.stamps.length <= this.max;
  }
}

export const INTENSITY_EXCEEDED = { shutdown: 'reached_max_restart_intensity' } as const;
