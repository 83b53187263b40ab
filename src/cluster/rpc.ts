// Request/reply between nodes over the bus (redis_pubsub.ts): a node's requests and casts
// go to the topic `$cluster:rpc:<node>` of the node they are for; replies to the asker's.
// Riding the bus, and not a connection of its own, keeps one order per sending node across
// everything it publishes: a table's broadcasts, the pushes it relays to a member on
// another node and its replies to that node arrive in the order the table made them.
//
// Typed and validated: a method is a name with a zod schema for its request and one for
// its reply; the receiving side parses what it is sent, the asking side what it gets back
// (peers are nodes of the same cluster, but a mixed-version rolling deploy, a bug or a
// corrupted frame must be refused at the boundary, not half-read).
//
// Failure: a call rejects with PitbossError `unavailable` when the node does not answer in
// time or membership reports it down (the reply will never come); a handler's PitbossError
// reaches the caller with its reason and details, anything else as `internal_error`.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BroadcastMessage, JsonObject } from '../wire/index.ts';
import { PitbossError, isReason, type Reason } from '../errors.ts';
import type { ClusterBus } from './cluster_presence.ts';

/** The topic a node's requests, casts and replies arrive on (no channel route matches `$cluster:`). */
export const rpcTopic = (node: string): string => `$cluster:rpc:${node}`;

export interface RpcMethod<Req, Res> {
  readonly name: string;
  readonly request: z.ZodType<Req>;
  readonly response: z.ZodType<Res>;
}

export const rpcMethod = <Req, Res>(name: string, request: z.ZodType<Req>, response: z.ZodType<Res>): RpcMethod<Req, Res> => ({ name, request, response });

/** What an Rpc needs of membership: who is live, and when a node goes down. */
export interface RpcMembers {
  readonly nodeId: string;
  isLive(node: string): boolean;
  on(event: 'down', fn: (node: string) => void): unknown;
  off(event: 'down', fn: (node: string) => void): unknown;
}

// Not client input: envelopes between the cluster's nodes on the internal bus (no channel
// route reaches it). An error reply keeps its fields beyond reason and message (a
// PitbossError's details), as the caller's client would have had them from a local table.
const Id = z.string().min(1).max(64);
const Name = z.string().min(1).max(64);
const Node = z.string().min(1).max(64);
const Envelope = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: Id, from: Node, m: Name, p: z.unknown() }),
  z.object({ t: z.literal('cast'), from: Node, m: Name, p: z.unknown() }),
  // ok: the handler's value in `v`; not ok: its error in `e`.
  z.object({ t: z.literal('rep'), id: Id, from: Node, ok: z.boolean(), v: z.unknown().optional(), e: z.looseObject({ reason: z.string(), message: z.string() }).optional() }),
]);

type Handler = { request: z.ZodType<unknown>; fn: (req: unknown, from: string) => unknown };

interface Pending {
  node: string;
  response: z.ZodType<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

export interface RpcOptions {
  bus: ClusterBus;
  members: RpcMembers;
  /** How long a call waits for its reply by default (ms). Default 5000. */
  timeoutMs?: number;
  /** Malformed messages, handlers that failed with something other than a PitbossError. */
  onError?: (err: unknown) => void;
}

export class Rpc {
  readonly nodeId: string;
  readonly #bus: ClusterBus;
  readonly #members: RpcMembers;
  readonly #timeoutMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending = new Map<string, Pending>();
  readonly #prefix = randomBytes(4).toString('hex');
  #seq = 0;
  #unsubscribe: (() => void) | null = null;
  readonly #onDown = (node: string) => {
    for (const [id, p] of this.#pending) if (p.node === node) this.#settle(id, () => p.reject(new PitbossError('unavailable', `node ${node} went down`)));
  };

  constructor(opts: RpcOptions) {
    this.#bus = opts.bus;
    this.#members = opts.members;
    this.nodeId = opts.members.nodeId;
    this.#timeoutMs = opts.timeoutMs ?? 5000;
    this.#onError = opts.onError ?? (() => {});
  }

  start(): void {
    this.#unsubscribe = this.#bus.subscribe(rpcTopic(this.nodeId), (m) => void this.#receive(m));
    this.#members.on('down', this.#onDown);
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#members.off('down', this.#onDown);
    for (const [id, p] of this.#pending) this.#settle(id, () => p.reject(new PitbossError('unavailable', 'this node is stopping')));
  }

  /** Serves `method` on this node. A later handler replaces the earlier (a restarted subtree registers again). */
  handle<Req, Res>(method: RpcMethod<Req, Res>, fn: (req: Req, from: string) => Promise<Res> | Res): void {
    this.#handlers.set(method.name, { request: method.request, fn: fn as Handler['fn'] });
  }

  /** Asks `node`; resolves with its validated reply. */
  call<Req, Res>(node: string, method: RpcMethod<Req, Res>, req: Req, timeoutMs = this.#timeoutMs): Promise<Res> {
    if (!this.#members.isLive(node)) return Promise.reject(new PitbossError('unavailable', `node ${node} is not live`));
    const id = `${this.#prefix}.${++this.#seq}`;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(id, () => reject(new PitbossError('unavailable', `node ${node} did not answer ${method.name} in ${timeoutMs} ms`))), timeoutMs);
      this.#pending.set(id, { node, response: method.response, resolve: resolve as (v: unknown) => void, reject, timer });
      this.#send(node, { t: 'req', id, from: this.nodeId, m: method.name, p: req as JsonObject });
    });
  }

  /** Tells `node`, expecting no answer (lost if the node or the bus is away). */
  cast<Req>(node: string, method: RpcMethod<Req, unknown>, req: Req): void {
    this.#send(node, { t: 'cast', from: this.nodeId, m: method.name, p: req as JsonObject });
  }

  /** Calls waiting for a reply (tests, stats). */
  get pending(): number {
    return this.#pending.size;
  }

  async #receive(m: BroadcastMessage): Promise<void> {
    const parsed = Envelope.safeParse(m.payload);
    if (!parsed.success) return this.#onError(new Error(`malformed rpc message: ${parsed.error.message}`));
    const msg = parsed.data;
    if (msg.t === 'rep') {
      const p = this.#pending.get(msg.id);
      if (p === undefined) return; // timed out, or its node was reported down
      if (!msg.ok) {
        const { reason, message, ...details } = msg.e ?? { reason: 'internal_error', message: 'the peer failed' };
        return this.#settle(msg.id, () => p.reject(new PitbossError(isReason(reason) ? reason : 'internal_error', message, details)));
      }
      const v = p.response.safeParse(msg.v);
      return this.#settle(msg.id, () => (v.success ? p.resolve(v.data) : p.reject(new PitbossError('internal_error', `malformed reply from ${msg.from}: ${v.error.message}`))));
    }
    const h = this.#handlers.get(msg.m);
    const req = h?.request.safeParse(msg.p);
    let reply: JsonObject;
    try {
      if (h === undefined) throw new PitbossError('unknown_event', `no rpc method ${msg.m} on ${this.nodeId}`);
      if (!req!.success) throw new PitbossError('invalid_payload', `malformed ${msg.m} from ${msg.from}: ${req!.error.message}`);
      const v = await h.fn(req!.data, msg.from);
      reply = { t: 'rep', id: '', from: this.nodeId, ok: true, v: (v ?? null) as JsonObject };
    } catch (err) {
      if (!(err instanceof PitbossError)) this.#onError(err);
      const e = err instanceof PitbossError ? err.toReply() : { reason: 'internal_error' satisfies Reason, message: 'the peer failed' };
      reply = { t: 'rep', id: '', from: this.nodeId, ok: false, e: e as JsonObject };
    }
    if (msg.t === 'req') this.#send(msg.from, { ...reply, id: msg.id });
    else if (reply['ok'] === false) this.#onError(new Error(`cast ${msg.m} from ${msg.from} failed: ${JSON.stringify(reply['e'])}`));
  }

  #settle(id: string, then: () => void): void {
    const p = this.#pending.get(id);
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.#pending.delete(id);
    then();
  }

  #send(node: string, msg: JsonObject): void {
    void this.#bus.broadcast(rpcTopic(node), 'rpc', msg);
  }
}
