// The presence shell around the pure PresenceState: applies an operation, broadcasts its
// `presence_diff` on the topic through PubSub, and forgets an owner when its channel
// exits (the channel server calls `ownerDown` on every exit path, crash included).
//
// This node's state is authoritative for presences tracked here; a cluster adapter
// (src/cluster) can replace this class behind the same PresenceTracker interface and
// merge remote nodes' presences, as long as clients see the same events (§5).
import type { PubSub } from './pubsub.ts';
import type { PresenceDiff, PresenceMap } from './presence_state.ts';
import { PresenceState, makeRefGenerator } from './presence_state.ts';
import type { JsonObject } from './message.ts';
import { PitbossError } from '../errors.ts';

export interface PresenceTracker {
  track(topic: string, key: string, owner: string, meta: JsonObject): Promise<void>;
  untrack(topic: string, key: string, owner: string): Promise<void>;
  update(topic: string, key: string, owner: string, meta: JsonObject): Promise<void>;
  /** The owner exited: drop everything it tracked and broadcast the leaves. */
  ownerDown(owner: string): Promise<void>;
  list(topic: string): PresenceMap;
}

export const PRESENCE_DIFF = 'presence_diff';
export const PRESENCE_STATE = 'presence_state';

export class LocalPresence implements PresenceTracker {
  readonly #state: PresenceState;
  readonly #pubsub: PubSub;

  constructor(pubsub: PubSub, opts: { nextRef?: () => string } = {}) {
    this.#pubsub = pubsub;
    this.#state = new PresenceState(opts.nextRef ?? makeRefGenerator());
  }

  async track(topic: string, key: string, owner: string, meta: JsonObject): Promise<void> {
    const d = this.#state.track(topic, key, owner, meta);
    if (d === null) throw new PitbossError('invalid_action', `already tracking "${key}" on ${topic}`);
    await this.#publish(topic, d);
  }

  async untrack(topic: string, key: string, owner: string): Promise<void> {
    const d = this.#state.untrack(topic, key, owner);
    if (d !== null) await this.#publish(topic, d);
  }

  async update(topic: string, key: string, owner: string, meta: JsonObject): Promise<void> {
    const d = this.#state.update(topic, key, owner, meta);
    if (d === null) throw new PitbossError('invalid_action', `not tracking "${key}" on ${topic}`);
    await this.#publish(topic, d);
  }

  async ownerDown(owner: string): Promise<void> {
    const diffs = this.#state.untrackAll(owner);
    await Promise.all([...diffs].map(([topic, d]) => this.#publish(topic, d)));
  }

  list(topic: string): PresenceMap {
    return this.#state.list(topic);
  }

  get size(): number {
    return this.#state.size;
  }

  #publish(topic: string, d: PresenceDiff): Promise<void> {
    return this.#pubsub.broadcast(topic, PRESENCE_DIFF, d as unknown as JsonObject);
  }
}
