// Tables moving, as the cluster's directory in Redis shows them (src/cluster/table_claims.ts):
// each table's claim {node, token} and whether its row is listed (the lobby and
// GET /api/tables list from the same keys). After a node fault, each table the node held
// has moved once its claim carries a new token (a node took it over, possibly the same
// node id come back) and its row is listed again by the claim's node; the time from the
// fault to that is the table's move time. A table whose claim never changed stayed with
// its node (a dropped Redis connection that cost no lease).
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ClusterKeys } from '../cluster/keys.ts';
import type { FaultKind } from './options.ts';

// Our own cluster's writes, read back: checked anyway, since a row that does not parse must not stop the drill.
const Claim = z.object({ node: z.string(), lease: z.coerce.string(), token: z.coerce.number() });
const Row = z.object({ node: z.string() });

export interface Move {
  kind: FaultKind;
  node: string;
  table: string;
  ms: number;
  /** The node that holds it now. */
  to: string;
}

/** A failover takes a lease and a scan (about 1.5 s with the drill's 1 s lease): a table unmoved this long after a fault stayed. */
const STAY_MS = 10_000;

interface Pending {
  kind: FaultKind;
  node: string;
  table: string;
  token: number;
  at: number;
}

export class DirectoryWatch {
  readonly moves: Move[] = [];
  /** Tables of a faulted node whose claim never changed (the node kept them). */
  readonly stayed: Array<{ kind: FaultKind; node: string; table: string }> = [];
  /** Tables of a faulted node neither moved nor listed at the end: not served. */
  readonly lost: Array<{ kind: FaultKind; node: string; table: string }> = [];
  /** Tables of a faulted node whose claim went away while followed (closed for good). */
  readonly closed: Array<{ kind: FaultKind; node: string; table: string }> = [];
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  #claims = new Map<string, { node: string; lease: string; token: number }>();
  /** Each claiming node's current lease token (null: no lease). */
  #leases = new Map<string, string | null>();
  #rows = new Map<string, string>();
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;

  constructor(redis: Redis, keys: ClusterKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  start(everyMs = 50): void {
    this.#timer = setInterval(() => {
      this.#polling ??= this.poll().catch(() => {}).finally(() => { this.#polling = null; });
    }, everyMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#polling;
  }

  /** Tables the directory lists, by the node listing them. */
  get listed(): ReadonlyMap<string, string> {
    return this.#rows;
  }

  async poll(): Promise<void> {
    const [owners, rows] = await Promise.all([this.#redis.hgetall(this.#keys.tableOwners), this.#redis.hgetall(this.#keys.tableRows)]);
    const now = Date.now();
    const claims = new Map<string, { node: string; lease: string; token: number }>();
    for (const [id, json] of Object.entries(owners)) {
      const c = Claim.safeParse(safeJson(json));
      if (c.success) claims.set(id, c.data);
    }
    const listed = new Map<string, string>();
    for (const [id, json] of Object.entries(rows)) {
      const r = Row.safeParse(safeJson(json));
      if (r.success) listed.set(id, r.data.node);
    }
    const nodes = [...new Set([...claims.values()].map((c) => c.node))];
    const leases = nodes.length > 0 ? await this.#redis.mget(...nodes.map((n) => this.#keys.lease(n))) : [];
    this.#leases = new Map(nodes.map((n, i) => [n, leases[i] ?? null]));
    this.#claims = claims;
    this.#rows = listed;
    const settled: Pending[] = [];
    this.#pending = this.#pending.filter((p) => {
      const c = claims.get(p.table);
      // Held all along by a node that kept its lease, well past any failover: it stayed.
      if (c !== undefined && c.token === p.token && now - p.at > STAY_MS && this.#leases.get(c.node) === c.lease) {
        settled.push(p);
        return false;
      }
      if (c === undefined) {
        this.closed.push({ kind: p.kind, node: p.node, table: p.table }); // closed for good meanwhile (or its claim released)
        return false;
      }
      if (c.token === p.token || listed.get(p.table) !== c.node) return true;
      this.moves.push({ kind: p.kind, node: p.node, table: p.table, ms: now - p.at, to: c.node });
      return false;
    });
    this.#classify(settled);
  }

  /**
   * A fault hit `node` at `at`: follow every table it held (call right before the fault,
   * after a poll). A table still followed for an earlier fault is settled for that one first.
   */
  follow(kind: FaultKind, node: string, at: number): number {
    let n = 0;
    for (const [table, c] of this.#claims) {
      if (c.node !== node) continue;
      const earlier = this.#pending.filter((p) => p.table === table);
      if (earlier.length > 0) {
        this.#pending = this.#pending.filter((p) => p.table !== table);
        this.#classify(earlier);
      }
      this.#pending.push({ kind, node, table, token: c.token, at });
      n++;
    }
    return n;
  }

  /**
   * At the end: what never moved either stayed (claim unchanged, its node still holding the
   * lease it claimed under, and listed) or was lost — an orphan no node took over (its row
   * may still be listed under the node's id, come back with a new lease).
   */
  settle(): void {
    this.#classify(this.#pending);
    this.#pending = [];
  }

  #classify(pending: Pending[]): void {
    for (const p of pending) {
      const c = this.#claims.get(p.table);
      const held = c !== undefined && this.#leases.get(c.node) === c.lease;
      if (c !== undefined && c.token === p.token && held && this.#rows.get(p.table) === c.node) this.stayed.push({ kind: p.kind, node: p.node, table: p.table });
      else if (c !== undefined) this.lost.push({ kind: p.kind, node: p.node, table: p.table });
    }
  }

  /** Every claimed table whose holder no longer holds the lease it claimed under, now. */
  orphans(): string[] {
    return [...this.#claims].filter(([, c]) => this.#leases.get(c.node) !== c.lease).map(([id]) => id);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
