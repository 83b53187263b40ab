// The cluster's table directory in Redis: who owns each table (a claim), and each table's
// listing row as its owner last showed it.
//
// A claim is {node, lease, token, config}: the node, the token of the lease it held when it
// claimed, the claim's fencing token — a new INCR of the cluster's `fence` counter at each
// claim, so every claim of a table carries a larger token than the one before, whichever
// node makes it (the ledger refuses writes under any other: src/ledger/fences.ts) — and the
// table's config (what a new owner needs to start it again after a failover). Every write is
// one script that first checks the writer still holds the lease it claims under, so a node
// presumed dead cannot claim, list or release anything; and a claim held by another node is
// taken over only once that node's lease no longer carries the claim's lease token (it
// died, or lost its lease and must stop its tables). Table ids are thereby unique in the cluster: two nodes starting `baccarat-1`
// at once get one claim, and the other is refused.
//
// Listing: rows in a hash, ids in a sorted set with every score 0, so a page is
// ZRANGE BYLEX from a cursor — O(log n + page), like the single node's directory.
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { JsonObject } from '../wire/index.ts';
import { PitbossError } from '../errors.ts';
import { clusterKeys, type ClusterKeys } from './keys.ts';

// KEYS: owners, fence. ARGV: id, node, lease token, config json, lease prefix.
// → [1, claim token] claimed, [0, holder] refused ('' : the claimer holds no lease).
// The claim's JSON is put together here, with the config's text as it came (never decoded:
// cjson would turn an empty array into an object).
const CLAIM = `
if redis.call('GET', ARGV[5] .. ARGV[2]) ~= ARGV[3] then return {0, ''} end
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local o = cjson.decode(cur)
  if not (o.node == ARGV[2] and o.lease == ARGV[3]) and redis.call('GET', ARGV[5] .. o.node) == o.lease then return {0, o.node} end
end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], '{"node":' .. cjson.encode(ARGV[2]) .. ',"lease":"' .. ARGV[3] .. '","token":"' .. token .. '","config":' .. ARGV[4] .. '}')
return {1, tostring(token)}`;

// KEYS: owners, rows, ids. ARGV: node, lease token, lease prefix, then id/row pairs (row '' = unlisted).
// Rows of tables this node does not hold under this lease are left alone.
const LIST = `
if redis.call('GET', ARGV[3] .. ARGV[1]) ~= ARGV[2] then return 0 end
local n = 0
for i = 4, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if cur then
    local o = cjson.decode(cur)
    if o.node == ARGV[1] and o.lease == ARGV[2] then
      if ARGV[i + 1] == '' then
        redis.call('HDEL', KEYS[2], ARGV[i]); redis.call('ZREM', KEYS[3], ARGV[i])
      else
        redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]); redis.call('ZADD', KEYS[3], 0, ARGV[i])
      end
      n = n + 1
    end
  end
end
return n`;

// KEYS: owners, rows, ids. ARGV: id, node, claim token. Only the claim's holder releases it.
const RELEASE = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
local o = cjson.decode(cur)
if o.node ~= ARGV[2] or o.token ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1]); redis.call('HDEL', KEYS[2], ARGV[1]); redis.call('ZREM', KEYS[3], ARGV[1])
return 1`;

// KEYS: owners. ARGV: id, node, claim token, hand-over json ('' for none: giveUp, a table
// that failed to start here, started by its next owner from its journal). The holder lets its table go
// to whoever claims it next: the claim's lease becomes '0' (no node holds that token), so
// the table is an orphan for every node at once — the one placement picks takes it over,
// and if that one dies first, failover does — and the record for the new owner rides
// along. The config's text is kept as it was written (see CLAIM).
const HANDOFF = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
local o = cjson.decode(cur)
if o.node ~= ARGV[2] or o.token ~= ARGV[3] then return 0 end
local at = string.find(cur, ',"config":', 1, true)
if not at or o.handover ~= nil then return 0 end
local record = ''
if ARGV[4] ~= '' then record = ',"handover":' .. ARGV[4] end
redis.call('HSET', KEYS[1], ARGV[1], '{"node":' .. cjson.encode(ARGV[2]) .. ',"lease":"0","token":"' .. ARGV[3] .. '","config":' .. string.sub(cur, at + 10, -2) .. record .. '}')
return 1`;

/** Redis away (or slow past its command timeout): what a client asked for is `unavailable`, not a server fault. */
function unreachable(err: unknown): never {
  throw new PitbossError('unavailable', 'the cluster\'s table directory is unreachable; try again', {}, { cause: err });
}

// Not client input: what our own nodes wrote to Redis. A table's config and its lobby row are
// the casino's objects (game options vary by game), kept whole; only what the directory
// itself relies on (the id) is checked here.
const Token = z.string().regex(/^\d{1,15}$/);
const Claim = z.object({ node: z.string().min(1).max(64), lease: Token, token: Token, config: z.looseObject({ id: z.string().min(1).max(128) }), handover: z.unknown().optional() });
/**
 * `token`: the claim's fencing token; `lease`: the holder's lease token when it claimed (0:
 * handed off); `handover`: what a draining holder left for the next owner (checked by its reader).
 */
export type TableClaim = { node: string; lease: number; token: number; config: JsonObject & { id: string }; handover?: unknown };
const Row = z.looseObject({ id: z.string().min(1).max(128) });

/** What the directory needs of membership: our id, our lease's token, the lease each live node holds. */
export interface ClaimsMembers {
  readonly nodeId: string;
  readonly token: number | null;
  isLive(node: string): boolean;
  /** null when the node is not live */
  leaseOf(node: string): number | null;
}

export interface TableClaimsOptions {
  redis: Redis;
  prefix: string;
  members: ClaimsMembers;
  onError?: (err: unknown) => void;
}

export class TableClaims {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  readonly #members: ClaimsMembers;
  readonly #onError: (err: unknown) => void;
  /** Tables this node claimed → their claims' fencing tokens (the ledger's fence for their writes). */
  readonly #mine = new Map<string, number>();

  constructor(opts: TableClaimsOptions) {
    this.#redis = opts.redis;
    this.#keys = clusterKeys(opts.prefix);
    this.#members = opts.members;
    this.#onError = opts.onError ?? (() => {});
  }

  /**
   * Claims a table for this node under its current lease (and lists `row`); resolves with
   * the claim's fencing token. Refused with `unavailable` when we hold no lease, or when a
   * live node holds the table.
   */
  async claim(config: JsonObject & { id: string }, row: JsonObject): Promise<number> {
    const { nodeId } = this.#members;
    const lease = this.#members.token;
    if (lease === null) throw new PitbossError('unavailable', 'this node holds no lease: it may not take tables');
    const [ok, got] = (await this.#redis.eval(CLAIM, 2, this.#keys.tableOwners, this.#keys.fence,
      config.id, nodeId, String(lease), JSON.stringify(config), this.#keys.leasePrefix)) as [number, string];
    if (ok !== 1) {
      throw new PitbossError('unavailable', got === '' ? 'this node lost its lease' : `table ${config.id} is held by ${got}`, { table: config.id, ...(got ? { node: got } : {}) });
    }
    const token = Number(got);
    this.#mine.set(config.id, token);
    await this.listed([row], []);
    return token;
  }

  /** The token this node claimed `tableId` under, or null when it does not hold it. */
  tokenOf(tableId: string): number | null {
    return this.#mine.get(tableId) ?? null;
  }

  /** Tables this node claimed (and has not released or given up). */
  held(): string[] {
    return [...this.#mine.keys()];
  }

  /** Forgets our claims without touching Redis: the lease was lost, so they are no longer ours to act on. */
  forgetAll(): void {
    this.#mine.clear();
  }

  /** Rows of our tables as the listing shows them now (`removed`: unlisted, still held). Never throws. */
  async listed(changed: JsonObject[], removed: string[]): Promise<void> {
    const lease = this.#members.token;
    if (lease === null || changed.length + removed.length === 0) return;
    const args: string[] = [];
    for (const row of changed) {
      const id = row['id'];
      if (typeof id === 'string' && this.#mine.has(id)) args.push(id, JSON.stringify({ ...row, node: this.#members.nodeId }));
    }
    for (const id of removed) if (this.#mine.has(id)) args.push(id, '');
    if (args.length === 0) return;
    const k = this.#keys;
    await this.#redis.eval(LIST, 3, k.tableOwners, k.tableRows, k.tableIds, this.#members.nodeId, String(lease), k.leasePrefix, ...args).catch(this.#onError);
  }

  /** Gives a table up (it closed for good). Never throws: a claim left behind is taken over like a dead node's. */
  async release(tableId: string): Promise<void> {
    const token = this.#mine.get(tableId);
    if (token === undefined) return;
    this.#mine.delete(tableId);
    const k = this.#keys;
    await this.#redis.eval(RELEASE, 3, k.tableOwners, k.tableRows, k.tableIds, tableId, this.#members.nodeId, String(token)).catch(this.#onError);
  }

  /**
   * Lets a table go to its next owner (this node is draining; the table stopped between
   * rounds): the claim becomes an orphan carrying `handover`, and this node forgets it. Its
   * fence in the ledger stays until the next owner's claim replaces it. False when we did
   * not hold it (then nothing changed).
   */
  async handOff(tableId: string, handover: JsonObject): Promise<boolean> {
    const token = this.#mine.get(tableId);
    if (token === undefined) return false;
    this.#mine.delete(tableId);
    const done = await this.#redis.eval(HANDOFF, 1, this.#keys.tableOwners, tableId, this.#members.nodeId, String(token), JSON.stringify(handover));
    return done === 1;
  }

  /**
   * Lets a table that failed to start here go back to the cluster as an orphan (no record:
   * its next owner, the sweep's adopter, maybe this node again, starts it from its journal
   * and completes its open round). Unlike release(), the table and its open round are not
   * dropped from the directory. Never throws.
   */
  async giveUp(tableId: string): Promise<void> {
    const token = this.#mine.get(tableId);
    if (token === undefined) return;
    this.#mine.delete(tableId);
    await this.#redis.eval(HANDOFF, 1, this.#keys.tableOwners, tableId, this.#members.nodeId, String(token), '').catch(this.#onError);
  }

  /** Who holds a table now: its claim, or null when nobody does or its holder no longer holds the lease it claimed under. */
  async holder(tableId: string): Promise<TableClaim | null> {
    const raw = await this.#redis.hget(this.#keys.tableOwners, tableId).catch(unreachable);
    const c = raw === null ? null : this.#parse(raw);
    return c !== null && this.#held(c) ? c : null;
  }

  /**
   * Every claim whose holder no longer holds the lease it claimed under — it died, or it
   * lost its lease, stood its tables down and came back with a new one: those tables wait
   * for a new owner.
   */
  async orphans(): Promise<TableClaim[]> {
    const all = await this.#redis.hgetall(this.#keys.tableOwners);
    const out: TableClaim[] = [];
    for (const raw of Object.values(all)) {
      const c = this.#parse(raw);
      if (c !== null && !this.#held(c)) out.push(c);
    }
    return out;
  }

  /** The table's claim when it waits for an owner (its holder is gone, or handed it off), else null. */
  async orphan(tableId: string): Promise<TableClaim | null> {
    const raw = await this.#redis.hget(this.#keys.tableOwners, tableId).catch(unreachable);
    const c = raw === null ? null : this.#parse(raw);
    return c !== null && !this.#held(c) ? c : null;
  }

  #held(c: TableClaim): boolean {
    return this.#members.leaseOf(c.node) === c.lease;
  }

  /**
   * Up to `limit` listed rows with ids after `after`, in id order, of tables whose owner is
   * live; `next` is the cursor of the following page (null on the last).
   */
  async page(after: string | undefined, limit: number): Promise<{ tables: JsonObject[]; next: string | null }> {
    const k = this.#keys;
    const ids = await this.#redis.zrangebylex(k.tableIds, after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, limit + 1).catch(unreachable);
    const more = ids.length > limit;
    const some = ids.slice(0, limit);
    const rows = some.length === 0 ? [] : await this.#redis.hmget(k.tableRows, ...some).catch(unreachable);
    const tables: JsonObject[] = [];
    for (const raw of rows) {
      if (raw === null) continue;
      const row = this.#row(raw);
      if (row === null || !this.#members.isLive(String(row['node']))) continue; // its node died: shown again once a new owner lists it
      tables.push(row);
    }
    return { tables, next: more ? some[some.length - 1]! : null };
  }

  #parse(raw: string): TableClaim | null {
    try {
      const c = Claim.parse(JSON.parse(raw));
      return { node: c.node, lease: Number(c.lease), token: Number(c.token), config: c.config as JsonObject & { id: string }, ...(c.handover !== undefined ? { handover: c.handover } : {}) };
    } catch (err) {
      this.#onError(err);
      return null;
    }
  }

  #row(raw: string): JsonObject | null {
    try {
      return Row.parse(JSON.parse(raw)) as JsonObject;
    } catch (err) {
      this.#onError(err);
      return null;
    }
  }
}
