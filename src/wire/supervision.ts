// Where channel processes live. The endpoint supervises them as temporary children: a
// crashed channel is never restarted by the server (the client rejoins), but every live
// one is known, counted, and stopped in order when the endpoint closes.
import { start, stop, onExit, type GenServer, type Pid, type StartOptions } from '../runtime/index.ts';

export interface ChannelSupervisor {
  startChild<A>(ctor: new () => GenServer<A>, arg: A, opts: StartOptions): Promise<Pid>;
  count(): number;
  /** Stops every child (terminate runs) and resolves when all are gone. */
  stop(): Promise<void>;
}

/** The endpoint's own supervisor; `given` lets the app pass one from its supervision tree. */
export function channelSupervisor(given?: unknown): ChannelSupervisor {
  if (given !== undefined) return given as ChannelSupervisor;
  const children = new Set<Pid>();
  return {
    async startChild(ctor, arg, opts) {
      const pid = await start(ctor, arg, opts);
      children.add(pid);
      onExit(pid, () => children.delete(pid));
      return pid;
    },
    count: () => children.size,
    async stop() {
      await Promise.all([...children].map((pid) => stop(pid, { shutdown: 'shutdown' }, 5000).catch(() => {})));
    },
  };
}
