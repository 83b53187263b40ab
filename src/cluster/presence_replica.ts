// What this node knows of other nodes' presences, as a pure structure (no I/O, no
// timers): node → topic → key → owner → meta, the metas exactly as their node made
// them (phx_ref included). Each change returns the presence_diffs it causes per topic,
// in Phoenix's format, for the shell (cluster_presence.ts) to deliver to local clients.
//
// A node's entries are replaced whole from a state snapshot, applied op by op from its
// deltas (`seq` counts them, `boot` tells one run of a node from the next), and dropped
// whole when the node goes down.
import type { Meta, PresenceDiff, PresenceMap } from '../wire/index.ts';

export type Op = readonly ['join', string, string, string, Meta] | readonly ['leave', string, string, string];
/** [topic, key, owner, meta] */
export type Entry = readonly [string, string, string, Meta];

type Topics = Map<string, Map<string, Map<string, Meta>>>;

interface NodeReplica {
  boot: string;
  seq: number;
  topics: Topics;
}

export class PresenceReplicas {
  readonly #nodes = new Map<string, NodeReplica>();

  /** Where a node is: its run and the last delta applied, or undefined when unknown. */
  position(node: string): { boot: string; seq: number } | undefined {
    const r = this.#nodes.get(node);
    return r === undefined ? undefined : { boot: r.boot, seq: r.seq };
  }

  /** Applies one delta (its ops in order); the caller checked it follows `position`. */
  apply(node: string, seq: number, ops: readonly Op[]): Map<string, PresenceDiff> {
    const r = this.#nodes.get(node);
    if (r === undefined) throw new Error(`no replica of ${node}`);
    r.seq = seq;
    const out = new Map<string, PresenceDiff>();
    for (const op of ops) {
      if (op[0] === 'join') {
        const [, topic, key, owner, meta] = op;
        const old = put(r.topics, topic, key, owner, meta);
        if (old !== undefined) add(out, topic, 'leaves', key, old);
        add(out, topic, 'joins', key, meta);
      } else {
        const [, topic, key, owner] = op;
        const old = remove(r.topics, topic, key, owner);
        if (old !== undefined) add(out, topic, 'leaves', key, old);
      }
    }
    return out;
  }

  /** Replaces a node's entries with a snapshot: leaves for what went, joins for what came. */
  replace(node: string, boot: string, seq: number, entries: readonly Entry[]): Map<string, PresenceDiff> {
    const out = this.drop(node);
    const topics: Topics = new Map();
    for (const [topic, key, owner, meta] of entries) put(topics, topic, key, owner, meta);
    this.#nodes.set(node, { boot, seq, topics });
    for (const [topic, keys] of topics) {
      for (const [key, metas] of keys) for (const meta of metas.values()) add(out, topic, 'joins', key, meta);
    }
    // A presence in both the old and the new entries, unchanged, is neither a join nor a leave.
    for (const d of out.values()) cancelUnchanged(d);
    for (const [topic, d] of out) if (Object.keys(d.joins).length === 0 && Object.keys(d.leaves).length === 0) out.delete(topic);
    return out;
  }

  /** Forgets a node: a leave for each of its presences. */
  drop(node: string): Map<string, PresenceDiff> {
    const out = new Map<string, PresenceDiff>();
    const r = this.#nodes.get(node);
    if (r === undefined) return out;
    this.#nodes.delete(node);
    for (const [topic, keys] of r.topics) {
      for (const [key, metas] of keys) for (const meta of metas.values()) add(out, topic, 'leaves', key, meta);
    }
    return out;
  }

  /** Adds every known remote presence on `topic` to `into`. */
  listInto(topic: string, into: PresenceMap): void {
    for (const r of this.#nodes.values()) {
      const keys = r.topics.get(topic);
      if (keys === undefined) continue;
      for (const [key, metas] of keys) {
        const at = (into[key] ??= { metas: [] });
        at.metas.push(...metas.values());
      }
    }
  }

  nodes(): string[] {
    return [...this.#nodes.keys()];
  }
}

function put(topics: Topics, topic: string, key: string, owner: string, meta: Meta): Meta | undefined {
  let keys = topics.get(topic);
  if (keys === undefined) topics.set(topic, (keys = new Map()));
  let metas = keys.get(key);
  if (metas === undefined) keys.set(key, (metas = new Map()));
  const old = metas.get(owner);
  metas.set(owner, meta);
  return old;
}

function remove(topics: Topics, topic: string, key: string, owner: string): Meta | undefined {
  const keys = topics.get(topic);
  const metas = keys?.get(key);
  const old = metas?.get(owner);
  if (old === undefined) return undefined;
  metas!.delete(owner);
  if (metas!.size === 0) keys!.delete(key);
  if (keys!.size === 0) topics.delete(topic);
  return old;
}

function add(out: Map<string, PresenceDiff>, topic: string, side: 'joins' | 'leaves', key: string, meta: Meta): void {
  let d = out.get(topic);
  if (d === undefined) out.set(topic, (d = { joins: Object.create(null), leaves: Object.create(null) }));
  (d[side][key] ??= { metas: [] }).metas.push(meta);
}

function cancelUnchanged(d: PresenceDiff): void {
  for (const key of Object.keys(d.joins)) {
    const left = d.leaves[key];
    if (left === undefined) continue;
    const refs = new Set(left.metas.map((m) => m.phx_ref));
    const same = new Set(d.joins[key].metas.filter((m) => refs.has(m.phx_ref)).map((m) => m.phx_ref));
    if (same.size === 0) continue;
    d.joins[key].metas = d.joins[key].metas.filter((m) => !same.has(m.phx_ref));
    left.metas = left.metas.filter((m) => !same.has(m.phx_ref));
    if (d.joins[key].metas.length === 0) delete d.joins[key];
    if (left.metas.length === 0) delete d.leaves[key];
  }
}
