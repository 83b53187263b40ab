// The WebSocket transport: takes an HTTP upgrade for our path, runs the handshake checks
// and the app's `connect`, and hands accepted connections to a Socket. It only upgrades,
// frames and closes; it knows nothing about topics (Phoenix's transports/websocket.ex).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConnectInfo, Params } from './handshake.ts';
import { checkHandshake } from './handshake.ts';
import type { Transport } from './socket.ts';

/**
 * A refusal with a status of the app's choosing (e.g. 429 with Retry-After), instead of
 * the plain 403 of `null`, and a reason for the log (the client sees only the status).
 */
export class ConnectRefusal {
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  readonly reason: string;
  constructor(status: number, retryAfterSeconds?: number, reason = 'refused') {
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason;
  }
}

/** A connection refused before the upgrade: what the endpoint reports to `onRefused`. */
export interface Refused {
  ip: string | undefined;
  status: number;
  reason: string;
}

export type ConnectFn<A> = (params: Params, info: ConnectInfo) => A | null | ConnectRefusal | Promise<A | null | ConnectRefusal>;

export interface UpgradeOptions<A> {
  path: string;
  maxFrameBytes: number;
  connectTimeoutMs: number;
  checkOrigin: readonly string[] | false;
  /** The client's address (the peer, or what trusted proxies say); see EndpointOptions.clientIp. */
  clientIp(req: IncomingMessage): string | undefined;
  connect: ConnectFn<A>;
  /** False while draining, closed or full: new connections get 503 so clients retry elsewhere. */
  accepting(): boolean;
  /** Called with each accepted connection (and its TCP socket); returns the frame and close handlers. */
  accept(ws: WebSocket, assigns: A, sock: Duplex): void;
  onError(err: unknown): void;
  onRefused(r: Refused): void;
}

// Frames written to one connection within one turn of the event loop leave in one
// system call. Under load a turn handles many inbound frames, and each broadcast writes
// to every member: one writev per frame was most of the server's CPU. The first send of
// a turn corks the TCP socket; a setImmediate (after this turn's I/O) uncorks every
// socket corked in it. Idle, it costs nothing; it delays a frame by the rest of the turn.
const corked: WsTransport[] = [];
let flushing = false;

function uncorkAll(): void {
  flushing = false;
  const list = corked.splice(0);
  for (const t of list) t.uncork();
}

/** Adapts a ws WebSocket to the Socket's Transport interface. */
export class WsTransport implements Transport {
  readonly #ws: WebSocket;
  readonly #sock: Duplex | null;
  #corked = false;
  constructor(ws: WebSocket, sock: Duplex | null = null) {
    this.#ws = ws;
    this.#sock = sock;
  }
  send(frame: string | Buffer): void {
    if (!this.#corked && this.#sock !== null && !this.#sock.destroyed) {
      this.#corked = true;
      this.#sock.cork();
      corked.push(this);
      if (!flushing) {
        flushing = true;
        setImmediate(uncorkAll);
      }
    }
    this.#ws.send(frame, { binary: typeof frame !== 'string' });
  }
  /** Internal: ends this turn's batch. */
  uncork(): void {
    this.#corked = false;
    this.#sock?.uncork();
  }
  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }
  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }
}

export class Upgrader<A> {
  readonly #opts: UpgradeOptions<A>;
  readonly #wss: WebSocketServer;
  /** Upgrades whose `connect` is still running; `close()` destroys them. */
  readonly #pending = new Set<Duplex>();

  constructor(opts: UpgradeOptions<A>) {
    this.#opts = opts;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxFrameBytes,
      perMessageDeflate: false, // compression costs CPU and memory per socket; off as in Phoenix
      clientTracking: false, // the endpoint tracks its sockets itself
      // The client offering `phoenix` fails without it in the answer (§1).
      handleProtocols: (protocols) => (protocols.has('phoenix') ? 'phoenix' : false),
    });
  }

  /** The 'upgrade' listener. Returns false (touching nothing) for other paths. */
  handle(req: IncomingMessage, sock: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.#opts.path) return false;
    const ip = this.#opts.clientIp(req);
    const refused = (status: number, reason: string, retryAfterSeconds?: number) => {
      this.#opts.onRefused({ ip, status, reason });
      refuse(sock, status, retryAfterSeconds);
    };
    if (!this.#opts.accepting()) {
      refused(503, 'unavailable');
      return true;
    }
    const hs = checkHandshake(req, url, this.#opts.checkOrigin, ip);
    if (!hs.ok) {
      refused(hs.status, hs.reason);
      return true;
    }
    this.#pending.add(sock);
    // Not a closure: a listener made here would keep this call's scope — the request, its
    // headers, the timer — alive as long as the connection (a kilobyte or so each).
    sock.on('error', destroySelf);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(r, this.#opts.connectTimeoutMs, 'timeout')));
    Promise.race([Promise.resolve().then(() => this.#opts.connect(hs.params, hs.info)), timeout])
      .finally(() => clearTimeout(timer))
      .then(
        (assigns) => {
          this.#pending.delete(sock);
          if (sock.destroyed) return;
          if (assigns === 'timeout') return refused(503, 'connect timeout');
          if (assigns === null || assigns === undefined) return refused(403, 'refused');
          if (assigns instanceof ConnectRefusal) return refused(assigns.status, assigns.reason, assigns.retryAfterSeconds);
          this.#wss.handleUpgrade(req, sock, head, (ws) => this.#opts.accept(ws, assigns as A, sock));
        },
        (err) => {
          this.#pending.delete(sock);
          this.#opts.onError(err);
          refused(500, 'connect failed');
        },
      );
    return true;
  }

  close(): void {
    for (const s of this.#pending) s.destroy();
    this.#pending.clear();
  }
}

function destroySelf(this: Duplex): void {
  this.destroy();
}

function refuse(sock: Duplex, status: number, retryAfterSeconds?: number): void {
  if (sock.destroyed) return;
  const retry = retryAfterSeconds !== undefined ? `Retry-After: ${Math.max(1, Math.ceil(retryAfterSeconds))}\r\n` : '';
  sock.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}
