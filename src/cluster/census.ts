// Cluster totals for the connection tracker (docs/operations.md): each node writes its own
// counts to one Redis hash every few seconds and reads everyone's back, keeping the rows of
// live nodes only. The admin API and the dashboard then show the node's own figures beside
// the cluster's, from memory (no Redis call on a request).
//
// Why a hash polled and not PubSub: a node that starts late reads every other node's
// latest row at once, and a row of a node that died is dropped as soon as membership no
// longer lists it (and deleted by whoever sees it stale), without its help.
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** One node's figures as it last wrote them. */
export interface NodeCensus {
  /** when it wrote them (ms since the epoch, its clock) */
  at: number;
  counts: Record<string, number>;
  players_online: number;
  tables: number;
}

export interface CensusView {
  /** live nodes' latest rows, this node's included */
  nodes: Record<string, NodeCensus>;
  /** the sums over `nodes`; `players_online` counts a player once per node they are connected to */
  totals: { counts: Record<string, number>; players_online: number; tables: number; nodes: number };
}

export interface CensusOptions {
  redis: Redis;
  /** the hash (keys.ts: `<prefix>census`) */
  key: string;
  nodeId: string;
  /** who is live now (membership) */
  live: () => readonly string[];
  /** this node's figures now */
  local: () => Omit<NodeCensus, 'at'>;
  /** how often to write and read (default 2 s) */
  everyMs?: number;
  onError?: (err: unknown) => void;
}

// Another node's row is input to us: parsed, never trusted to have the right shape.
const Row = z.object({
  at: z.number().int().nonnegative(),
  counts: z.record(z.string().max(64), z.number().int().nonnegative()),
  players_online: z.number().int().nonnegative(),
  tables: z.number().int().nonnegative(),
});

export class ClusterCensus {
  readonly #o: Required<Omit<CensusOptions, 'onError'>> & Pick<CensusOptions, 'onError'>;
  #timer: NodeJS.Timeout | null = null;
  #others = new Map<string, NodeCensus>();

  constructor(o: CensusOptions) {
    this.#o = { everyMs: 2000, ...o };
  }

  start(): void {
    if (this.#timer) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#o.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#o.redis.hdel(this.#o.key, this.#o.nodeId).catch(() => {});
  }

  /** Writes this node's row and reads the others' (the interval calls it; tests may too). */
  async tick(): Promise<void> {
    const { redis, key, nodeId } = this.#o;
    try {
      const mine: NodeCensus = { at: Date.now(), ...this.#o.local() };
      const [, all] = await Promise.all([redis.hset(key, nodeId, JSON.stringify(mine)), redis.hgetall(key)]);
      const live = new Set(this.#o.live());
      const others = new Map<string, NodeCensus>();
      const gone: string[] = [];
      for (const [node, text] of Object.entries(all)) {
        if (node === nodeId) continue;
        if (!live.has(node)) {
          // Stale for three periods (its node is gone, not just slow to be listed): delete it.
          const at = parse(text)?.at ?? 0;
          if (Date.now() - at > 3 * this.#o.everyMs) gone.push(node);
          continue;
        }
        const row = parse(text);
        if (row) others.set(node, row);
      }
      this.#others = others;
      if (gone.length > 0) await redis.hdel(key, ...gone);
    } catch (err) {
      this.#o.onError?.(err); // the last view stands; the next tick tries again
    }
  }

  /** This node's figures now and the others' latest, with their sums. */
  view(): CensusView {
    const live = new Set(this.#o.live());
    const nodes: Record<string, NodeCensus> = { [this.#o.nodeId]: { at: Date.now(), ...this.#o.local() } };
    for (const [n, row] of this.#others) if (live.has(n)) nodes[n] = row;
    const counts: Record<string, number> = {};
    let players = 0;
    let tables = 0;
    for (const row of Object.values(nodes)) {
      for (const [t, c] of Object.entries(row.counts)) counts[t] = (counts[t] ?? 0) + c;
      players += row.players_online;
      tables += row.tables;
    }
    return { nodes, totals: { counts, players_online: players, tables, nodes: Object.keys(nodes).length } };
  }
}

function parse(text: string): NodeCensus | null {
  try {
    const r = Row.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
