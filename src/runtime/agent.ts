// Agent: a process around one value. The functions run inside the agent, one at a time, so
// read-modify-write is atomic. As in Elixir, a function that throws crashes the agent (its
// supervisor restarts it with fresh state) and the caller's promise rejects with 'exit'.
import type { Pid } from './pid.ts';
import { GenServer, start, type StartOptions } from './gen_server.ts';
import { call, cast, stop, DEFAULT_CALL_TIMEOUT } from './messaging.ts';
import { isThenable } from './loop.ts';
import type { ExitReason } from './reasons.ts';

type Op =
  | { op: 'get'; fn: (s: unknown) => unknown }
  | { op: 'update'; fn: (s: unknown) => unknown }
  | { op: 'get_and_update'; fn: (s: unknown) => [unknown, unknown] };

class AgentServer extends GenServer<() => unknown> {
  private state: unknown;
  override init(initial: () => unknown): void | Promise<void> {
    const s = initial();
    if (isThenable(s)) return Promise.resolve(s).then((v) => void (this.state = v));
    this.state = s;
  }
  override handleCall(msg: unknown): unknown {
    const m = msg as Op;
    if (m.op === 'get') return m.fn(this.state);
    if (m.op === 'update') {
      this.state = m.fn(this.state);
      return undefined;
    }
    const [result, next] = m.fn(this.state);
    this.state = next;
    return result;
  }
  override handleCast(msg: unknown): void {
    this.state = (msg as Op).fn(this.state);
  }
}

export const Agent = {
  start<S>(init: () => S | Promise<S>, opts: StartOptions = {}): Promise<Pid> {
    return start(AgentServer, init, opts);
  },
  get<S, R>(pid: Pid, fn: (s: S) => R, timeoutMs = DEFAULT_CALL_TIMEOUT): Promise<R> {
    return call<R>(pid, { op: 'get', fn } as Op, timeoutMs);
  },
  update<S>(pid: Pid, fn: (s: S) => S, timeoutMs = DEFAULT_CALL_TIMEOUT): Promise<void> {
    return call<void>(pid, { op: 'update', fn } as Op, timeoutMs);
  },
  getAndUpdate<S, R>(pid: Pid, fn: (s: S) => [R, S], timeoutMs = DEFAULT_CALL_TIMEOUT): Promise<R> {
    return call<R>(pid, { op: 'get_and_update', fn } as Op, timeoutMs);
  },
  /** Fire-and-forget update. */
  cast<S>(pid: Pid, fn: (s: S) => S): void {
    cast(pid, { op: 'update', fn } as Op);
  },
  stop(pid: Pid, reason: ExitReason = 'normal', timeoutMs = Infinity): Promise<void> {
    return stop(pid, reason, timeoutMs);
  },
};
