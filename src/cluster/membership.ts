// Membership: this node's lease in Redis, its fencing token, and which nodes are live.
//
// How it works: a node holds `lease:<id>` (SET … PX ttl, the value its fencing token) and
// renews it every heartbeat (ttl/4) for as long as the value is still its token.
// Acquiring takes a new token from INCR `fence`, so no token is ever reused: a node that
// lost its lease and got it back acts with a larger token than before (table claims take
// their fencing tokens from the same counter: table_claims.ts). Every scan (ttl/2) asks
// Redis, in one script, which members still hold a lease; members whose lease expired are dropped from
// the members hash by whichever node scans first, and reported `down`; new ones `up`; a
// member whose token changed restarted between two scans: `down`, then `up`.
//
// The lease is also judged here, against the local clock: if no renewal succeeded within
// ttl of being sent (Redis unreachable, the process stalled) the lease is presumed gone —
// `lost` — and the node must stop acting as an owner until it acquires a lease again
// (`acquired`, with a new token). Measuring from the send errs on the safe side: Redis
// starts the same ttl later, when the command arrives.
//
// Scripts read keys they are not given (lease keys of listed members): fine on one Redis
// server or a replicated pair, not on Redis Cluster (docs/cluster.md).
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { connectionName, redisClient, type RedisTls } from './redis_client.ts';
import { clusterKeys, NODE_ID_PATTERN, type ClusterKeys } from './keys.ts';

const ACQUIRE = `
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[3] then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token, 'PX', ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], token)
return token`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[2] then redis.call('DEL', KEYS[1]) end
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[2], ARGV[1]) end
if redis.call('HGET', KEYS[3], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[3], ARGV[1]) end
return 1`;

// KEYS: members, draining. → {live id/token pairs, draining ids}. A draining mark outlives
// nothing: it goes with the lease it was made under.
const SCAN = `
local out = {}
for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
  local token = redis.call('GET', ARGV[1] .. id)
  if token then out[#out + 1] = id; out[#out + 1] = token else redis.call('HDEL', KEYS[1], id) end
end
local draining = {}
local marks = redis.call('HGETALL', KEYS[2])
for i = 1, #marks, 2 do
  if redis.call('GET', ARGV[1] .. marks[i]) == marks[i + 1] then draining[#draining + 1] = marks[i] else redis.call('HDEL', KEYS[2], marks[i]) end
end
return {out, draining}`;

// KEYS: lease, draining. ARGV: node, token. Only under the lease we hold.
const DRAIN = `
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`;

export interface MembershipOptions {
  /** redis:// or rediss:// */
  url: string;
  /** The CA (and client certificate) for rediss:// (redis_client.ts). */
  tls?: RedisTls;
  /** Key prefix shared by the cluster's nodes (keys.ts). */
  prefix: string;
  nodeId: string;
  /** Lease time (ms): a node silent this long is down. Default 2000. */
  ttlMs?: number;
  /** Renewal interval; default ttl/4, so three renewals in a row may fail before the lease does. */
  heartbeatMs?: number;
  /** How often live nodes are listed; default ttl/2. A dead node is reported within ttl + scanMs. */
  scanMs?: number;
  /** Told of Redis errors and of listeners that threw; default: ignored. */
  onError?: (err: unknown) => void;
}

export interface MembershipEvents {
  up: [nodeId: string];
  down: [nodeId: string];
  /** Our lease lapsed (or was taken): stop acting as an owner. */
  lost: [];
  /** We hold a lease again (at start, or after `lost`), with a new fencing token. */
  acquired: [token: number];
}

export type LeaseState =
  | { tag: 'idle' }
  | { tag: 'held'; token: number; validUntil: number }
  | { tag: 'lost'; lastToken: number | null }
  | { tag: 'stopped' };

export class Membership extends EventEmitter<MembershipEvents> {
  readonly nodeId: string;
  readonly keys: ClusterKeys;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly scanMs: number;
  readonly #redis: Redis;
  readonly #onError: (err: unknown) => void;
  /** Other live nodes → the token they hold, as of the last scan. */
  readonly #others = new Map<string, string>();
  /** Other live nodes that said they are draining, as of the last scan. */
  #drainingOthers = new Set<string>();
  /** This node is draining (markDraining). */
  #draining = false;
  #state: LeaseState = { tag: 'idle' };
  #timers: NodeJS.Timeout[] = [];
  #renewing = false;
  #scanning = false;

  constructor(opts: MembershipOptions) {
    super();
    if (!NODE_ID_PATTERN.test(opts.nodeId)) throw new Error(`node id "${opts.nodeId}" must match ${NODE_ID_PATTERN}`);
    this.nodeId = opts.nodeId;
    this.keys = clusterKeys(opts.prefix);
    this.ttlMs = opts.ttlMs ?? 2000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(1, Math.floor(this.ttlMs / 4));
    this.scanMs = opts.scanMs ?? Math.max(1, Math.floor(this.ttlMs / 2));
    this.#onError = opts.onError ?? (() => {});
    // No offline queue: a command sent while Redis is away fails at once instead of
    // renewing the lease late (a late renewal would extend a lease already judged lost).
    this.#redis = redisClient(opts.url, opts.tls, {
      lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: this.heartbeatMs,
      retryStrategy: () => this.heartbeatMs, connectionName: connectionName(opts.prefix, opts.nodeId, 'lease'),
    });
    this.#redis.on('error', (err) => this.#onError(err));
  }

  get state(): LeaseState {
    return this.#state;
  }

  /** The fencing token of the lease we hold; null while we hold none. */
  get token(): number | null {
    return this.#state.tag === 'held' ? this.#state.token : null;
  }

  /** Live nodes, this one included while it holds its lease, sorted. */
  liveNodes(): string[] {
    const ids = [...this.#others.keys()];
    if (this.#state.tag === 'held') ids.push(this.nodeId);
    return ids.sort();
  }

  /**
   * Live nodes that take tables: not draining (docs/cluster.md, drain). New tables,
   * `find_table` and failover place over these; empty when every live node drains.
   */
  placeableNodes(): string[] {
    return this.liveNodes().filter((id) => !this.isDraining(id));
  }

  /** Whether `id` is draining (this node: since markDraining; others: as of the last scan). */
  isDraining(id: string): boolean {
    return id === this.nodeId ? this.#draining : this.#drainingOthers.has(id);
  }

  /**
   * This node drains: it takes no new tables, and every node's placement leaves it out from
   * its next scan. Rejects when Redis is unreachable (this node still excludes itself).
   */
  async markDraining(): Promise<void> {
    this.#draining = true;
    const token = this.token;
    if (token === null) return;
    await this.#redis.eval(DRAIN, 2, this.keys.lease(this.nodeId), this.keys.draining, this.nodeId, String(token));
  }

  /** The lease token `id` holds as of the last scan (this node: now), or null when it is not live. */
  leaseOf(id: string): number | null {
    if (id === this.nodeId) return this.token;
    const t = this.#others.get(id);
    return t === undefined ? null : Number(t);
  }

  /** Whether `id` is live as of the last scan (this node: while it holds its lease). */
  isLive(id: string): boolean {
    return id === this.nodeId ? this.#state.tag === 'held' : this.#others.has(id);
  }

  /**
   * Connects, acquires the lease and lists live nodes (their `up` events fire now, so
   * attach listeners first). A lease still held under our id — a previous run of this
   * node that was killed, or another node configured with the same id — is waited out
   * for two lease times; after that the start fails.
   */
  async start(): Promise<void> {
    await this.#redis.connect();
    const until = Date.now() + 2 * this.ttlMs + this.heartbeatMs;
    while (!(await this.#acquire())) {
      if (Date.now() > until) {
        this.#redis.disconnect();
        throw new Error(`node id "${this.nodeId}" is held by a live node (is PITBOSS_NODE_ID set the same on two nodes?)`);
      }
      await new Promise((r) => setTimeout(r, this.heartbeatMs));
    }
    await this.#scan();
    this.#timers.push(setInterval(() => void this.#heartbeat(), this.heartbeatMs), setInterval(() => void this.#scan(), this.scanMs));
  }

  /**
   * Stops renewing and scanning. `leave: true` (a clean shutdown) gives the lease back so
   * others see us go at their next scan; `leave: false` is what a killed process does:
   * the others see us go when the lease expires.
   */
  async stop(opts: { leave?: boolean } = {}): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    const token = this.token;
    this.#state = { tag: 'stopped' };
    if ((opts.leave ?? true) && token !== null) {
      await this.#redis.eval(RELEASE, 3, this.keys.lease(this.nodeId), this.keys.members, this.keys.draining, this.nodeId, String(token)).catch(this.#onError);
    }
    this.#redis.disconnect();
  }

  async #acquire(): Promise<boolean> {
    const prev = this.#state.tag === 'lost' ? this.#state.lastToken : null;
    const sentAt = Date.now();
    const token = (await this.#redis.eval(ACQUIRE, 3, this.keys.lease(this.nodeId), this.keys.fence, this.keys.members,
      this.nodeId, String(this.ttlMs), prev === null ? '' : String(prev))) as number | null;
    if (token === null || this.#state.tag === 'stopped') return false;
    this.#state = { tag: 'held', token, validUntil: sentAt + this.ttlMs };
    this.#emit('acquired', token);
    return true;
  }

  async #heartbeat(): Promise<void> {
    if (this.#renewing) return; // the previous renewal is still out (bounded by commandTimeout)
    this.#renewing = true;
    try {
      const s = this.#state;
      if (s.tag === 'held') {
        if (Date.now() >= s.validUntil) return this.#lose(s.token);
        const sentAt = Date.now();
        const ok = await this.#redis.eval(RENEW, 1, this.keys.lease(this.nodeId), String(s.token), String(this.ttlMs));
        if (this.#state !== s) return; // stopped meanwhile
        if (ok === 1) this.#state = { ...s, validUntil: sentAt + this.ttlMs };
        else this.#lose(s.token); // expired in Redis (or Redis lost its data): someone may already act on it
      } else if (s.tag === 'lost') {
        await this.#acquire();
      }
    } catch (err) {
      this.#onError(err);
      const s = this.#state;
      if (s.tag === 'held' && Date.now() >= s.validUntil) this.#lose(s.token);
    } finally {
      this.#renewing = false;
    }
  }

  #lose(token: number): void {
    this.#state = { tag: 'lost', lastToken: token };
    this.#emit('lost');
  }

  async #scan(): Promise<void> {
    if (this.#scanning || this.#state.tag === 'stopped') return;
    this.#scanning = true;
    try {
      const [flat, draining] = (await this.#redis.eval(SCAN, 2, this.keys.members, this.keys.draining, this.keys.leasePrefix)) as [string[], string[]];
      if ((this.#state as LeaseState).tag === 'stopped') return; // stopped while the scan was out
      this.#drainingOthers = new Set(draining.filter((id) => id !== this.nodeId));
      const now = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] !== this.nodeId) now.set(flat[i], flat[i + 1]);
      for (const [id, token] of [...this.#others]) {
        if (now.get(id) === token) continue;
        this.#others.delete(id);
        this.#emit('down', id);
      }
      for (const [id, token] of now) {
        if (this.#others.has(id)) continue;
        this.#others.set(id, token);
        this.#emit('up', id);
      }
    } catch (err) {
      this.#onError(err); // Redis away: nothing is known, so nothing is reported
    } finally {
      this.#scanning = false;
    }
  }

  /** A listener that throws must not stop the heartbeat or the scan. */
  #emit<K extends keyof MembershipEvents>(event: K, ...args: MembershipEvents[K]): void {
    try {
      (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    } catch (err) {
      this.#onError(err);
    }
  }
}
