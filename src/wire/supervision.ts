// Where channel processes live: temporary children of a runtime DynamicSupervisor. A
// crashed channel is never restarted by the server (the client rejoins with a fresh
// join); the supervisor bounds how many run on this node and stops them in order
// (terminate runs, 5 s then kill) when it stops.
import { DynamicSupervisor, start, type GenServer, type Pid, type StartOptions } from '../runtime/index.ts';

export interface ChannelSupervisor {
  startChild<A>(ctor: new () => GenServer<A>, arg: A, opts: StartOptions): Promise<Pid>;
  /** Stops the supervisor if we started it; a supervisor the app passed in is the app's to stop. */
  stop(): Promise<void>;
}

/**
 * `given` is a DynamicSupervisor pid from the app's supervision tree; without it one is
 * started on first use (so constructing an Endpoint stays synchronous).
 */
export function channelSupervisor(given?: Pid, maxChildren = Infinity): ChannelSupervisor {
  let sup: Promise<Pid> | null = given !== undefined ? Promise.resolve(given) : null;
  const own = given === undefined;
  return {
    async startChild(ctor, arg, opts) {
      sup ??= DynamicSupervisor.start({ maxChildren });
      return DynamicSupervisor.startChild(await sup, {
        id: 'channel',
        start: () => start(ctor, arg, opts),
        restart: 'temporary',
        shutdown: 5000,
      });
    },
    async stop() {
      if (!own || sup === null) return;
      const pid = await sup;
      sup = null;
      await DynamicSupervisor.stop(pid, 'shutdown').catch(() => {});
    },
  };
}
