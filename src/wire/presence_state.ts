// Presence state as a pure structure (Phoenix's tracker/state.ex): no processes, timers
// or I/O. Each operation changes the state and returns the diff Phoenix would broadcast
// (phoenix-v2.md §5); the process shell (presence.ts) broadcasts it and cleans up owners.
//
// Layout: topic → key → owner → meta. An owner (a channel process) tracks a key on a
// topic at most once, as in Phoenix; several owners under one key give several metas
// (one player, two devices). Key-indexed maps sent to clients use null prototypes, since
// keys are app-chosen and "__proto__" must stay an ordinary key.
import { randomBytes } from 'node:crypto';

export interface Meta {
  phx_ref: string;
  phx_ref_prev?: string;
  [field: string]: unknown;
}
export type PresenceMap = Record<string, { metas: Meta[] }>;
export interface PresenceDiff {
  joins: PresenceMap;
  leaves: PresenceMap;
}

type Keys = Map<string, Map<string, Meta>>;

export class PresenceState {
  readonly #topics = new Map<string, Keys>();
  /** owner → "topic\0key" entries it tracks, so an exiting owner is removed in O(its entries). */
  readonly #owners = new Map<string, Set<string>>();
  readonly #nextRef: () => string;

  constructor(nextRef: () => string) {
    this.#nextRef = nextRef;
  }

  /** Returns the join diff, or null when this owner already tracks the key on the topic. */
  track(topic: string, key: string, owner: string, meta: Record<string, unknown>): PresenceDiff | null {
    let keys = this.#topics.get(topic);
    if (keys === undefined) this.#topics.set(topic, (keys = new Map()));
    let metas = keys.get(key);
    if (metas === undefined) keys.set(key, (metas = new Map()));
    if (metas.has(owner)) return null;
    const m: Meta = { ...meta, phx_ref: this.#nextRef() };
    delete m.phx_ref_prev;
    metas.set(owner, m);
    let entries = this.#owners.get(owner);
    if (entries === undefined) this.#owners.set(owner, (entries = new Set()));
    entries.add(topic + '\0' + key);
    return diff(key, m, undefined);
  }

  /** Returns the leave diff, or null when nothing was tracked. */
  untrack(topic: string, key: string, owner: string): PresenceDiff | null {
    const metas = this.#topics.get(topic)?.get(key);
    const m = metas?.get(owner);
    if (metas === undefined || m === undefined) return null;
    metas.delete(owner);
    if (metas.size === 0) {
      const keys = this.#topics.get(topic)!;
      keys.delete(key);
      if (keys.size === 0) this.#topics.delete(topic);
    }
    const entries = this.#owners.get(owner)!;
    entries.delete(topic + '\0' + key);
    if (entries.size === 0) this.#owners.delete(owner);
    return diff(key, undefined, m);
  }

  /** Everything an owner tracked, removed at once (its process exited): one diff per topic. */
  untrackAll(owner: string): Map<string, PresenceDiff> {
    const out = new Map<string, PresenceDiff>();
    const entries = this.#owners.get(owner);
    if (entries === undefined) return out;
    for (const entry of [...entries]) {
      const i = entry.indexOf('\0');
      const topic = entry.slice(0, i), key = entry.slice(i + 1);
      const d = this.untrack(topic, key, owner)!;
      const acc = out.get(topic);
      if (acc === undefined) out.set(topic, d);
      else Object.assign(acc.leaves, d.leaves); // one owner has one meta per key: no clash
    }
    return out;
  }

  /** Replaces the meta: the new one (new phx_ref, phx_ref_prev = old) joins, the old leaves. */
  update(topic: string, key: string, owner: string, meta: Record<string, unknown>): PresenceDiff | null {
    const metas = this.#topics.get(topic)?.get(key);
    const old = metas?.get(owner);
    if (metas === undefined || old === undefined) return null;
    const m: Meta = { ...meta, phx_ref: this.#nextRef(), phx_ref_prev: old.phx_ref };
    metas.set(owner, m);
    return diff(key, m, old);
  }

  list(topic: string): PresenceMap {
    const out: PresenceMap = Object.create(null);
    const keys = this.#topics.get(topic);
    if (keys === undefined) return out;
    for (const [key, metas] of keys) out[key] = { metas: [...metas.values()] };
    return out;
  }

  get(topic: string, key: string): Meta[] {
    const metas = this.#topics.get(topic)?.get(key);
    return metas === undefined ? [] : [...metas.values()];
  }

  /** Every presence as [topic, key, owner, meta] (a cluster node sends these as its state). */
  *entries(): Generator<[string, string, string, Meta]> {
    for (const [topic, keys] of this.#topics) {
      for (const [key, metas] of keys) for (const [owner, meta] of metas) yield [topic, key, owner, meta];
    }
  }

  /** Number of tracked presences (metas) across all topics. */
  get size(): number {
    let n = 0;
    for (const entries of this.#owners.values()) n += entries.size;
    return n;
  }
}

function diff(key: string, join: Meta | undefined, leave: Meta | undefined): PresenceDiff {
  const joins: PresenceMap = Object.create(null);
  const leaves: PresenceMap = Object.create(null);
  if (join !== undefined) joins[key] = { metas: [join] };
  if (leave !== undefined) leaves[key] = { metas: [leave] };
  return { joins, leaves };
}

/**
 * phx_ref generator in Phoenix's shape: 12 bytes (6 of milliseconds, 2 of node hash, 4 of
 * counter) as 16 base64url characters, unique per node and ordered by time within it.
 */
export function makeRefGenerator(now: () => number = Date.now, node: Uint8Array = randomBytes(2)): () => string {
  let counter = 0;
  const buf = Buffer.alloc(12);
  return () => {
    buf.writeUIntBE(now() % 2 ** 48, 0, 6);
    buf[6] = node[0];
    buf[7] = node[1];
    buf.writeUInt32BE((counter = (counter + 1) >>> 0), 8);
    return buf.toString('base64url');
  };
}
