// The Endpoint: what the app builds once and attaches to its http.Server. Owns the shared
// SocketContext, the set of live sockets, the idle sweep, stats, drain and close.
import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChannelClass } from './channel.ts';
import type { Counters, Limits, Logger, SocketContext } from './context.ts';
import { defaultLimits, newCounters, silentLogger } from './context.ts';
import type { BinaryPayload, JsonObject } from './message.ts';
import { CloseCodes } from './message.ts';
import type { PresenceTracker } from './presence.ts';
import { LocalPresence } from './presence.ts';
import type { PubSub } from './pubsub.ts';
import { LocalPubSub } from './pubsub.ts';
import { Router } from './router.ts';
import { Socket } from './socket.ts';
import type { ConnectFn, Refused } from './transport.ts';
import { Upgrader, WsTransport } from './transport.ts';
import { channelSupervisor } from './supervision.ts';
import type { Pid } from '../runtime/index.ts';

export interface EndpointOptions<A> {
  /** Default `/socket/websocket` (the client appends `/websocket` to its endpoint). */
  path?: string;
  /** Authenticates a connection before the upgrade: assigns, or null to refuse with 403. */
  connect: ConnectFn<A>;
  /** A per-socket id topic (e.g. `player_socket:42`); a `disconnect` broadcast there closes it. */
  socketId?: (assigns: A) => string | null;
  /**
   * When the credentials behind `assigns` expire (epoch ms): the socket is closed then with
   * 4001 "token_expired", within a sweep interval (heartbeatTimeoutMs / 4). Absent: never.
   */
  expiresAt?: (assigns: A) => number | undefined;
  channels: ReadonlyArray<readonly [string, ChannelClass<A>]>;
  pubsub?: PubSub;
  presence?: PresenceTracker;
  /** A runtime DynamicSupervisor (pid) for channel processes; one is started when absent. */
  supervisor?: Pid;
  limits?: Partial<Limits>;
  /** Allowed origins (`https://host` or `//host`), or false to accept any (the default). */
  checkOrigin?: readonly string[] | false;
  /**
   * The client's address, given to `connect` as info.ip. Default: the TCP peer. Behind a
   * load balancer, a function that believes X-Forwarded-For from trusted proxies only.
   */
  clientIp?: (req: IncomingMessage) => string | undefined;
  /** Told of every connection refused before the upgrade (for the log); default: nothing. */
  onRefused?: (r: Refused) => void;
  /**
   * Told of every socket accepted (the connection tracker counts them); the function it
   * returns, if any, is called once when that socket closes.
   */
  onSocket?: (assigns: A) => (() => void) | void;
  logger?: Logger;
}

/** The socket counters plus what the endpoint itself knows: live sockets and channels by topic prefix. */
export interface EndpointStats extends Counters {
  sockets: number;
  channels: { total: number; byPrefix: Record<string, number> };
}

export type EndpointState = { type: 'open' } | { type: 'draining' } | { type: 'closed' };

export class Endpoint<A = unknown> {
  readonly ctx: SocketContext;
  readonly #sockets = new Set<Socket>();
  readonly #upgrader: Upgrader<A>;
  readonly #socketId: (assigns: A) => string | null;
  readonly #expiresAt: (assigns: A) => number | undefined;
  readonly #ownsPubSub: boolean;
  readonly #onSocket: (assigns: A) => (() => void) | void;
  readonly #servers = new Map<Server, (req: IncomingMessage, sock: Duplex, head: Buffer) => void>();
  #sweep: NodeJS.Timeout | null = null;
  #state: EndpointState = { type: 'open' };

  constructor(opts: EndpointOptions<A>) {
    const limits = { ...defaultLimits, ...opts.limits };
    const pubsub = opts.pubsub ?? new LocalPubSub();
    this.#ownsPubSub = opts.pubsub === undefined;
    this.#socketId = opts.socketId ?? (() => null);
    this.#expiresAt = opts.expiresAt ?? (() => undefined);
    this.#onSocket = opts.onSocket ?? (() => {});
    const log = opts.logger ?? silentLogger;
    this.ctx = {
      router: new Router(opts.channels),
      pubsub,
      presence: opts.presence ?? new LocalPresence(pubsub),
      limits,
      counters: newCounters(),
      channelsByLabel: new Map(),
      supervisor: channelSupervisor(opts.supervisor, limits.maxChannelProcesses),
      log,
      tick: 0,
    };
    this.#upgrader = new Upgrader<A>({
      path: opts.path ?? '/socket/websocket',
      maxFrameBytes: limits.maxFrameBytes,
      connectTimeoutMs: limits.connectTimeoutMs,
      checkOrigin: opts.checkOrigin ?? false,
      clientIp: opts.clientIp ?? ((req) => req.socket.remoteAddress),
      onRefused: opts.onRefused ?? (() => {}),
      connect: opts.connect,
      accepting: () => this.#state.type === 'open' && this.#sockets.size < limits.maxSockets,
      accept: (ws, assigns, sock) => this.#accept(ws, assigns, sock),
      onError: (err) => log.error({ err }, 'connect failed'),
    });
  }

  /** Handles upgrades for our path on `server`; other paths are left to other listeners. */
  attach(server: Server): void {
    const listener = (req: IncomingMessage, sock: Duplex, head: Buffer) => void this.#upgrader.handle(req, sock, head);
    server.on('upgrade', listener);
    this.#servers.set(server, listener);
    this.#startSweep();
  }

  /** Broadcast from outside any channel (app code, admin, forced logout). */
  broadcast(topic: string, event: string, payload: JsonObject | BinaryPayload): Promise<void> {
    return this.ctx.pubsub.broadcast(topic, event, payload);
  }

  stats(): EndpointStats {
    const byPrefix: Record<string, number> = {};
    let total = 0;
    for (const [label, n] of this.ctx.channelsByLabel) {
      byPrefix[label] = n;
      total += n;
    }
    return { sockets: this.#sockets.size, channels: { total, byPrefix }, ...this.ctx.counters };
  }

  get state(): EndpointState {
    return this.#state;
  }

  /**
   * Refuses new connections and closes live ones in batches with 1012, so clients
   * reconnect elsewhere over time instead of all at once (Phoenix: 10,000 every 2 s).
   */
  async drain(opts: { batchSize?: number; intervalMs?: number } = {}): Promise<void> {
    const batchSize = opts.batchSize ?? 10_000;
    const intervalMs = opts.intervalMs ?? 2_000;
    if (this.#state.type === 'open') this.#state = { type: 'draining' };
    while (this.#sockets.size > 0) {
      let n = 0;
      for (const s of this.#sockets) {
        if (n++ >= batchSize) break;
        this.#closeSocket(s, CloseCodes.restart, 'server restart');
      }
      if (this.#sockets.size > 0) await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Closes everything at once (1012), detaches from servers, stops what we started. */
  async close(): Promise<void> {
    if (this.#state.type === 'closed') return;
    this.#state = { type: 'closed' };
    if (this.#sweep !== null) clearInterval(this.#sweep);
    for (const [server, listener] of this.#servers) server.off('upgrade', listener);
    this.#servers.clear();
    this.#upgrader.close();
    for (const s of [...this.#sockets]) this.#closeSocket(s, CloseCodes.restart, 'server shutdown');
    await this.ctx.supervisor.stop();
    if (this.#ownsPubSub) await this.ctx.pubsub.close();
  }

  /** Forgets the socket at once: its ws 'close' event may come a close handshake later. */
  #closeSocket(s: Socket, code: number, reason: string): void {
    this.#sockets.delete(s);
    s.close(code, reason);
  }

  #accept(ws: import('ws').WebSocket, assigns: A, sock: import('node:stream').Duplex): void {
    if (this.#state.type !== 'open') return ws.close(CloseCodes.restart, 'server restart');
    const socket = new Socket(this.ctx, new WsTransport(ws, sock), assigns, this.#socketId(assigns));
    socket.expiresAt = this.#expiresAt(assigns) ?? Infinity;
    this.#sockets.add(socket);
    const closed = this.#onSocket(assigns);
    ws.on('message', (data, isBinary) => socket.receive(data as Buffer, isBinary));
    ws.on('error', () => {}); // ws emits the close that follows; nothing to add
    ws.on('close', () => {
      this.#sockets.delete(socket);
      socket.terminated();
      closed?.();
    });
  }

  /**
   * One interval for all sockets instead of a timer per socket: every quarter timeout the
   * clock ticks, and a socket whose last frame is five ticks old (idle for 1–1.25 ×
   * heartbeatTimeoutMs) is closed with 1001. The same pass closes sockets whose
   * credentials expired (4001), at most a tick late: a number per socket, not a timer.
   */
  #startSweep(): void {
    if (this.#sweep !== null) return;
    const every = Math.max(1, Math.floor(this.ctx.limits.heartbeatTimeoutMs / 4));
    this.#sweep = setInterval(() => {
      const tick = ++this.ctx.tick;
      const now = Date.now();
      for (const s of this.#sockets) {
        if (now >= s.expiresAt) this.#closeSocket(s, CloseCodes.tokenExpired, 'token_expired');
        else if (tick - s.seen >= 5) this.#closeSocket(s, CloseCodes.goingAway, 'heartbeat timeout');
      }
    }, every);
    this.#sweep.unref();
  }
}
