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
const Claim = z.object({ node: z.string(), token: z.coerce.number() });
const Row = z.object({ node: z.string() });

export interface Move {
  kind: FaultKind;
  node: string;
  table: string;
  ms: number;
  /** The node that holds it now. */
  to: string;
}

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
  #claims = new Map<string, { node: string; token: number }>();
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
    const claims = new Map<string, { node: string; token: number }>();
    for (const [id, json] of Object.entries(owners)) {
      const c = Claim.safeParse(safeJson(json));
      if (c.success) claims.set(id, c.data);
    }
    const listed = new Map<string, string>();
    for (const [id, json] of Object.entries(rows)) {
      const r = Row.safeParse(safeJson(json));
      if (r.success) listed.set(id, r.data.node);
    }
    this.#claims = claims;
    this.#rows = listed;
    this.#pending = this.#pending.filter((p) => {
      const c = claims.get(p.table);
      if (c === undefined) {
        this.closed.push({ kind: p.kind, node: p.node, table: p.table }); // closed for good meanwhile (or its claim released)
        return false;
      }
      if (c.token === p.token || listed.get(p.table) !== c.node) return true;
      this.moves.push({ kind: p.kind, node: p.node, table: p.table, ms: now - p.at, to: c.node });
      return false;
    });
  }

  /** A fault hit `node` at `at`: follow every table it held (call right before the fault, after a poll). */
  follow(kind: FaultKind, node: string, at: number): number {
    let n = 0;
    for (const [table, c] of this.#claims) {
      if (c.node !== node) continue;
      this.#pending.push({ kind, node, table, token: c.token, at });
      n++;
    }
    return n;
  }

  /** At the end: what never moved either stayed (claim unchanged and listed) or was lost. */
  settle(): void {
    for (const p of this.#pending) {
      const c = this.#claims.get(p.table);
      if (c !== undefined && c.token === p.token && this.#rows.get(p.table) === c.node) this.stayed.push({ kind: p.kind, node: p.node, table: p.table });
      else if (c !== undefined) this.lost.push({ kind: p.kind, node: p.node, table: p.table });
    }
    this.#pending = [];
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
