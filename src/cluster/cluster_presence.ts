// Presence across nodes, behind the wire's PresenceTracker (a simplified phoenix_pubsub
// Tracker). Each node is the authority for the presences tracked on it (a PresenceState,
// as on a single node) and keeps a replica of every other live node's (PresenceReplicas).
//
// Over the bus, on one internal topic no client can join:
//   delta {n, b, s, ops}   a node's joins and leaves, `s` counting its deltas from 1 per run `b`
//   hb    {n, b, s}        every `syncMs`: lets others notice deltas they missed
//   state {n, b, s, entries}  a node's whole state, as of its delta `s`
//   sync  {n, to?}         "send your state" (to one node, or all when `to` is absent)
// A delta that does not follow the replica (a gap: Redis dropped messages, or a new run)
// is ignored and the sender asked for its state; because the bus keeps each sender's
// order, that state arrives after every delta it covers, and the deltas after it follow it.
//
// Clients' presence_diff events are never sent over the bus: every node derives them from
// its own changes and its replicas and delivers them to its local subscribers only, so
// `presence_state` (list) and the diffs after it come from the same data, and a dead
// node's presences leave everywhere without it: on membership's `down`, each node drops
// that node's replica and delivers the leaves. Messages from nodes membership does not
// list as live are ignored, so a late delta cannot bring back a node already gone; on
// `up`, its state is asked for.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { PRESENCE_DIFF, PresenceState, makeRefGenerator, type BinaryPayload, type BroadcastMessage, type JsonObject,
  type PresenceDiff, type PresenceMap, type PresenceTracker, type PubSub } from '../wire/index.ts';
import { PitbossError } from '../errors.ts';
import { PresenceReplicas, type Entry, type Op } from './presence_replica.ts';
import type { Membership } from './membership.ts';

/** The internal topic: no route of the casino matches it, so no client can join it. */
export const PRESENCE_TOPIC = '$cluster:presence';

export interface ClusterBus extends PubSub {
  localBroadcast(topic: string, event: string, payload: JsonObject | BinaryPayload): void;
}

// Not client input: other nodes of the cluster send these over the internal bus, and a
// presence's metadata is whatever the application tracked on its node (a name, a status),
// which Phoenix's format leaves open — so fields beyond the refs are kept as sent. Clients
// cannot publish here: no channel route matches PRESENCE_TOPIC.
const MetaSchema = z.looseObject({ phx_ref: z.string(), phx_ref_prev: z.string().optional() });
const Str = z.string().max(1024);
const OpSchema = z.union([
  z.tuple([z.literal('join'), Str, Str, Str, MetaSchema]),
  z.tuple([z.literal('leave'), Str, Str, Str]),
]);
const Inbound = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delta'), n: Str, b: Str, s: z.number().int().positive(), ops: z.array(OpSchema) }),
  z.object({ type: z.literal('hb'), n: Str, b: Str, s: z.number().int().nonnegative() }),
  z.object({ type: z.literal('state'), n: Str, b: Str, s: z.number().int().nonnegative(), entries: z.array(z.tuple([Str, Str, Str, MetaSchema])) }),
  z.object({ type: z.literal('sync'), n: Str, to: Str.optional() }),
]);

export interface ClusterPresenceOptions {
  bus: ClusterBus;
  membership: Membership;
  /** How often a node says where its deltas are (and asks again for a state not yet received). Default 1000 ms. */
  syncMs?: number;
  onError?: (err: unknown) => void;
}

export class ClusterPresence implements PresenceTracker {
  readonly #bus: ClusterBus;
  readonly #members: Membership;
  readonly #node: string;
  /** This run of this node: a restart under the same id starts its deltas again from 1. */
  readonly #boot = randomBytes(6).toString('hex');
  readonly #own = new PresenceState(makeRefGenerator());
  readonly #replicas = new PresenceReplicas();
  /** Nodes whose state we asked for and have not received: their deltas are ignored meanwhile. */
  readonly #awaiting = new Map<string, number>();
  readonly #syncMs: number;
  readonly #onError: (err: unknown) => void;
  #seq = 0;
  #stateQueued = false;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  readonly #onUp = (id: string) => this.#ask(id);
  readonly #onDown = (id: string) => {
    this.#awaiting.delete(id);
    this.#deliver(this.#replicas.drop(id));
  };

  constructor(opts: ClusterPresenceOptions) {
    this.#bus = opts.bus;
    this.#members = opts.membership;
    this.#node = opts.membership.nodeId;
    this.#syncMs = opts.syncMs ?? 1000;
    this.#onError = opts.onError ?? (() => {});
  }

  /** Starts listening, and asks every live node for its state. */
  start(): void {
    this.#unsubscribe = this.#bus.subscribe(PRESENCE_TOPIC, (m) => this.#receive(m));
    this.#members.on('up', this.#onUp);
    this.#members.on('down', this.#onDown);
    for (const id of this.#members.liveNodes()) if (id !== this.#node) this.#awaiting.set(id, Date.now());
    this.#send({ type: 'sync', n: this.#node });
    this.#timer = setInterval(() => this.#heartbeat(), this.#syncMs);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#members.off('up', this.#onUp);
    this.#members.off('down', this.#onDown);
  }

  async track(topic: string, key: string, owner: string, meta: JsonObject): Promise<void> {
    const d = this.#own.track(topic, key, owner, meta);
    if (d === null) throw new PitbossError('invalid_action', `already tracking "${key}" on ${topic}`);
    this.#changed(topic, d, [['join', topic, key, owner, d.joins[key].metas[0]]]);
  }

  async untrack(topic: string, key: string, owner: string): Promise<void> {
    const d = this.#own.untrack(topic, key, owner);
    if (d !== null) this.#changed(topic, d, [['leave', topic, key, owner]]);
  }

  async update(topic: string, key: string, owner: string, meta: JsonObject): Promise<void> {
    const d = this.#own.update(topic, key, owner, meta);
    if (d === null) throw new PitbossError('invalid_action', `not tracking "${key}" on ${topic}`);
    this.#changed(topic, d, [['leave', topic, key, owner], ['join', topic, key, owner, d.joins[key].metas[0]]]);
  }

  async ownerDown(owner: string): Promise<void> {
    const diffs = this.#own.untrackAll(owner);
    if (diffs.size === 0) return;
    const ops: Op[] = [];
    for (const [topic, d] of diffs) for (const key of Object.keys(d.leaves)) ops.push(['leave', topic, key, owner]);
    this.#deliver(diffs);
    this.#send({ type: 'delta', n: this.#node, b: this.#boot, s: ++this.#seq, ops });
  }

  list(topic: string): PresenceMap {
    const out = this.#own.list(topic);
    this.#replicas.listInto(topic, out);
    return out;
  }

  /** Nodes whose presences this node holds a replica of (tests, stats). */
  replicatedNodes(): string[] {
    return this.#replicas.nodes();
  }

  #changed(topic: string, d: PresenceDiff, ops: Op[]): void {
    this.#bus.localBroadcast(topic, PRESENCE_DIFF, d as unknown as JsonObject);
    this.#send({ type: 'delta', n: this.#node, b: this.#boot, s: ++this.#seq, ops });
  }

  #receive(m: BroadcastMessage): void {
    const parsed = Inbound.safeParse(m.payload);
    if (!parsed.success) return this.#onError(new Error(`malformed presence message: ${parsed.error.message}`));
    const msg = parsed.data;
    if (msg.n === this.#node) return; // our own, delivered locally by the bus
    if (msg.type === 'sync') {
      if (msg.to === undefined || msg.to === this.#node) this.#queueState();
      return;
    }
    if (!this.#members.isLive(msg.n)) return; // gone (or not yet seen): `up` will ask
    const at = this.#replicas.position(msg.n);
    if (msg.type === 'state') {
      if (at !== undefined && at.boot === msg.b && msg.s < at.seq) return; // older than what we applied
      this.#awaiting.delete(msg.n);
      this.#deliver(this.#replicas.replace(msg.n, msg.b, msg.s, msg.entries as Entry[]));
    } else if (msg.type === 'delta') {
      if (this.#awaiting.has(msg.n)) return; // the state we asked for covers it
      if (at === undefined || at.boot !== msg.b || msg.s !== at.seq + 1) return this.#ask(msg.n);
      this.#deliver(this.#replicas.apply(msg.n, msg.s, msg.ops as Op[]));
    } else if (at === undefined || at.boot !== msg.b || at.seq !== msg.s) {
      this.#ask(msg.n, true);
    }
  }

  /** Asks a node for its state; again only once `syncMs` has passed, unless `force`d by a heartbeat. */
  #ask(node: string, fromHeartbeat = false): void {
    const since = this.#awaiting.get(node);
    if (since !== undefined && (!fromHeartbeat || Date.now() - since < this.#syncMs)) return;
    this.#awaiting.set(node, Date.now());
    this.#send({ type: 'sync', n: this.#node, to: node });
  }

  #heartbeat(): void {
    this.#send({ type: 'hb', n: this.#node, b: this.#boot, s: this.#seq });
  }

  /** Several nodes may ask at once (a node joined): one state answers them all. */
  #queueState(): void {
    if (this.#stateQueued) return;
    this.#stateQueued = true;
    setImmediate(() => {
      this.#stateQueued = false;
      const entries: Entry[] = [];
      for (const [topic, key, owner, meta] of this.#own.entries()) entries.push([topic, key, owner, meta]);
      this.#send({ type: 'state', n: this.#node, b: this.#boot, s: this.#seq, entries });
    });
  }

  #deliver(diffs: Map<string, PresenceDiff>): void {
    for (const [topic, d] of diffs) this.#bus.localBroadcast(topic, PRESENCE_DIFF, d as unknown as JsonObject);
  }

  #send(msg: JsonObject): void {
    void this.#bus.broadcast(PRESENCE_TOPIC, msg['type'] as string, msg);
  }
}
