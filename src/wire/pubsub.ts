// PubSub: the one interface every adapter implements (local here, Redis in src/cluster),
// and every adapter must pass test/wire/pubsub_conformance.ts.
//
// Contract:
// - `subscribe` returns an unsubscribe function; calling it twice is harmless. The same
//   function subscribed twice to one topic is one subscription.
// - `broadcast` delivers to every subscriber of the topic on every node, in the order
//   broadcasts were made from one node. On each node all local subscribers receive the
//   *same* message object (fastlane: the first writer caches the encoded frame on it).
// - A subscriber that throws does not stop delivery to the others.
// - `from` travels with the message; skipping the sender is the subscriber's job, so an
//   adapter never needs to know what a subscriber is.
import type { BroadcastMessage, BinaryPayload, JsonObject } from './message.ts';

export type Subscriber = (msg: BroadcastMessage) => void;

export interface PubSub {
  subscribe(topic: string, subscriber: Subscriber): () => void;
  broadcast(topic: string, event: string, payload: JsonObject | BinaryPayload, from?: string | null): Promise<void>;
  /** Subscribers on this node (for stats and tests). */
  localSubscriberCount(topic: string): number;
  close(): Promise<void>;
}

/**
 * Local adapter: topic → its subscribers, synchronous delivery in the caller's turn. A topic
 * with one subscriber (a player's own socket topic, a single-player table) holds it inline:
 * a Set costs ~200 bytes however few it holds, and most topics have one.
 */
export class LocalPubSub implements PubSub {
  readonly #topics = new Map<string, Subscriber | Set<Subscriber>>();
  readonly #onError: (err: unknown, topic: string) => void;
  #closed = false;

  constructor(opts: { onError?: (err: unknown, topic: string) => void } = {}) {
    this.#onError = opts.onError ?? (() => {});
  }

  subscribe(topic: string, subscriber: Subscriber): () => void {
    if (this.#closed) throw new Error('pubsub is closed');
    const subs = this.#topics.get(topic);
    if (subs === undefined) this.#topics.set(topic, subscriber);
    else if (typeof subs === 'function') {
      if (subs !== subscriber) this.#topics.set(topic, new Set([subs, subscriber]));
    } else subs.add(subscriber);
    return () => this.#unsubscribe(topic, subscriber);
  }

  #unsubscribe(topic: string, subscriber: Subscriber): void {
    const s = this.#topics.get(topic);
    if (s === subscriber) this.#topics.delete(topic);
    else if (typeof s === 'object' && s.delete(subscriber) && s.size === 0) this.#topics.delete(topic);
  }

  async broadcast(topic: string, event: string, payload: JsonObject | BinaryPayload, from: string | null = null): Promise<void> {
    this.deliver({ topic, event, payload, from });
  }

  /** Delivers one message to local subscribers; remote adapters reuse this for inbound messages. */
  deliver(msg: BroadcastMessage): void {
    const subs = this.#topics.get(msg.topic);
    if (subs === undefined) return;
    if (typeof subs === 'function') return this.#call(subs, msg);
    // Set iteration tolerates deletes during delivery; additions made during delivery are
    // visited too, which is harmless (they subscribed before the message was handed out).
    for (const sub of subs) this.#call(sub, msg);
  }

  #call(sub: Subscriber, msg: BroadcastMessage): void {
    try {
      sub(msg);
    } catch (err) {
      this.#onError(err, msg.topic);
    }
  }

  localSubscriberCount(topic: string): number {
    const s = this.#topics.get(topic);
    return s === undefined ? 0 : typeof s === 'function' ? 1 : s.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#topics.clear();
  }
}
