// PubSub over Redis: every node publishes its broadcasts to one Redis channel (the bus)
// and subscribes to it once, at start; each message is delivered to this node's
// subscribers through a LocalPubSub, so all of them get the same message object and the
// wire encodes its frame once per node (the fastlane).
//
// Why one bus channel and not one channel per topic (docs/cluster.md): `subscribe` is
// synchronous and a socket replies to a join right after it, so a per-topic SUBSCRIBE,
// which needs a round trip to Redis, would lose broadcasts made in between; on one
// channel, from one publishing connection to one subscribing connection, Redis keeps
// the sending node's order across all topics. The price: every node receives every
// broadcast; it drops its own and those for topics nobody here subscribes to after
// reading only the frame's route (frame.ts).
//
// A broadcast reaches this node's subscribers at once, in the caller's turn, as the local
// adapter does; the remote nodes when Redis passes it on. It never rejects: while Redis is
// away, or more than `maxInFlight` publishes wait for it, the remote copy is dropped and
// reported to onError (nodes that missed messages catch up by their own means: presence
// resyncs, tables resend by seq).
import type { Redis } from 'ioredis';
import { connectionName, redisClient, type RedisTls } from './redis_client.ts';
import { LocalPubSub, type BinaryPayload, type BroadcastMessage, type JsonObject, type PubSub, type Subscriber } from '../wire/index.ts';
import { encodeFrame, readBody, readRoute } from './frame.ts';
import { clusterKeys } from './keys.ts';

export interface RedisPubSubOptions {
  url: string;
  /** The CA (and client certificate) for rediss:// (redis_client.ts). */
  tls?: RedisTls;
  prefix: string;
  /** This node's id: it marks our own messages, and qualifies remote senders' ids. */
  nodeId: string;
  /** Publishes waiting for Redis before further remote copies are dropped. Default 10,000. */
  maxInFlight?: number;
  onError?: (err: unknown, topic: string | null) => void;
}

export class RedisPubSub implements PubSub {
  readonly nodeId: string;
  readonly #bus: string;
  readonly #local: LocalPubSub;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #maxInFlight: number;
  readonly #onError: (err: unknown, topic: string | null) => void;
  #inFlight = 0;
  #dropped = 0;
  #closed = false;

  /** Connects both connections and subscribes to the bus before resolving: from then on nothing is missed. */
  static async connect(opts: RedisPubSubOptions): Promise<RedisPubSub> {
    const ps = new RedisPubSub(opts);
    try {
      await Promise.all([ps.#pub.connect(), ps.#sub.connect()]);
      await ps.#sub.subscribe(ps.#bus);
    } catch (err) {
      ps.#pub.disconnect();
      ps.#sub.disconnect();
      throw err;
    }
    return ps;
  }

  private constructor(opts: RedisPubSubOptions) {
    this.nodeId = opts.nodeId;
    this.#bus = clusterKeys(opts.prefix).bus;
    this.#maxInFlight = opts.maxInFlight ?? 10_000;
    this.#onError = opts.onError ?? (() => {});
    this.#local = new LocalPubSub({ onError: (err, topic) => this.#onError(err, topic) });
    // No offline queue on the publisher: an outage drops remote copies instead of growing a queue.
    this.#pub = redisClient(opts.url, opts.tls, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectionName: connectionName(opts.prefix, opts.nodeId, 'pub') });
    this.#sub = redisClient(opts.url, opts.tls, { lazyConnect: true, connectionName: connectionName(opts.prefix, opts.nodeId, 'sub') });
    this.#pub.on('error', (err) => this.#onError(err, null));
    this.#sub.on('error', (err) => this.#onError(err, null));
    this.#sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#receive(message));
  }

  subscribe(topic: string, subscriber: Subscriber): () => void {
    return this.#local.subscribe(topic, subscriber);
  }

  async broadcast(topic: string, event: string, payload: JsonObject | BinaryPayload, from: string | null = null): Promise<void> {
    this.#local.deliver({ topic, event, payload, from });
    if (this.#closed) return;
    if (this.#inFlight >= this.#maxInFlight) return this.#drop(new Error('too many publishes waiting for Redis'), topic);
    let frame: Buffer;
    try {
      frame = encodeFrame(this.nodeId, topic, event, from, payload);
    } catch (err) {
      return this.#drop(err, topic);
    }
    this.#inFlight++;
    try {
      await this.#pub.publish(this.#bus, frame);
    } catch (err) {
      this.#drop(err, topic);
    } finally {
      this.#inFlight--;
    }
  }

  /** This node's subscribers only: for what every node derives by itself (cluster presence diffs). */
  localBroadcast(topic: string, event: string, payload: JsonObject | BinaryPayload): void {
    this.#local.deliver({ topic, event, payload, from: null });
  }

  localSubscriberCount(topic: string): number {
    return this.#local.localSubscriberCount(topic);
  }

  /** Remote copies dropped since start (Redis away, too many waiting, unencodable payload). */
  get dropped(): number {
    return this.#dropped;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sub.disconnect();
    await this.#pub.quit().catch(() => this.#pub.disconnect());
    await this.#local.close();
  }

  #receive(buf: Buffer): void {
    let topic: string | null = null;
    try {
      const route = readRoute(buf);
      topic = route.topic;
      // Our own broadcasts were delivered here when they were made.
      if (route.node === this.nodeId || this.#local.localSubscriberCount(route.topic) === 0) return;
      const body = readBody(buf, route.offset);
      // Sender ids are unique per node only (a socket serial and a join ref): qualified by
      // the node, a remote sender never matches a local subscriber's own id.
      const msg: BroadcastMessage = { topic: route.topic, event: body.event, payload: body.payload, from: body.from === null ? null : `${route.node}/${body.from}` };
      this.#local.deliver(msg);
    } catch (err) {
      this.#onError(err, topic);
    }
  }

  #drop(err: unknown, topic: string): void {
    this.#dropped++;
    this.#onError(err, topic);
  }
}
