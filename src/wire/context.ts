// What every socket of an endpoint shares: routes, adapters, limits, counters. Built once
// by the Endpoint (or the test harness) and passed down; no module-level singletons.
import type { ChannelClass } from './channel.ts';
import type { PresenceTracker } from './presence.ts';
import type { PubSub } from './pubsub.ts';
import type { Router } from './router.ts';
import type { ChannelSupervisor } from './supervision.ts';

export interface Limits {
  /** Largest accepted frame; bigger closes the socket with 1009 (ws maxPayload). */
  maxFrameBytes: number;
  /** Channels joined at once per socket (Phoenix: 100); more → "too many channels joined". */
  maxChannels: number;
  /** A socket that sends nothing for this long is closed (1001). */
  heartbeatTimeoutMs: number;
  /** Sustained joins per second per socket, and the burst allowed on top (a reconnect rejoins all). */
  joinsPerSecond: number;
  joinBurst: number;
  /** Channel processes on this node (all sockets); past it joins get `unavailable`. */
  maxChannelProcesses: number;
  /** Open sockets per endpoint; past it upgrades are refused with 503 (the client retries). */
  maxSockets: number;
  /** The app's `connect` must answer within this; otherwise the upgrade is refused with 503. */
  connectTimeoutMs: number;
  /** A join that takes longer is abandoned (its process killed) with `join_crashed`. */
  joinTimeoutMs: number;
  /** Frames held while a join/leave is in progress; overflow closes the socket (1008). */
  maxQueuedFrames: number;
  /** Bytes buffered towards a slow client before it is closed (1008) instead of growing memory. */
  maxBufferedBytes: number;
}

export const defaultLimits: Limits = {
  maxFrameBytes: 1024 * 1024,
  maxChannels: 100,
  heartbeatTimeoutMs: 60_000,
  joinsPerSecond: 10,
  joinBurst: 100,
  joinTimeoutMs: 5_000,
  maxSockets: 100_000,
  connectTimeoutMs: 10_000,
  maxChannelProcesses: 500_000,
  maxQueuedFrames: 256,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export interface Counters {
  messagesIn: number;
  messagesOut: number;
  /** Broadcast frames encoded: one per broadcast per node however many subscribers (fastlane). */
  broadcastEncodes: number;
  joins: number;
  joinErrors: number;
  channelCrashes: number;
  malformedFrames: number;
}

export interface Logger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SocketContext {
  router: Router<ChannelClass>;
  pubsub: PubSub;
  presence: PresenceTracker;
  limits: Limits;
  counters: Counters;
  /** Joined channels by route label (`table`, `lobby`) for metrics. */
  channelsByLabel: Map<string, number>;
  /** Where channel processes are started (temporary children). */
  supervisor: ChannelSupervisor;
  log: Logger;
  /** Coarse clock advanced by the endpoint's idle sweep; sockets stamp it on every frame. */
  tick: number;
}

export function newCounters(): Counters {
  return { messagesIn: 0, messagesOut: 0, broadcastEncodes: 0, joins: 0, joinErrors: 0, channelCrashes: 0, malformedFrames: 0 };
}

export const silentLogger: Logger = { warn() {}, error() {} };
