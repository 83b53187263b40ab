// Each table's event-number ceiling in Redis: the highest `seq` its owner may give before it
// writes a higher ceiling. An owner reserves ahead (casino/tables/seq_floor.ts), so the
// ceiling is never below a number any owner gave; a new owner after a failover starts from
// it, and its numbers keep rising across the move instead of starting again at 1 (a client
// resuming from a number of the old owner is then told `too_old`, never handed the new
// owner's different events under numbers it already saw). Raising is all that can happen:
// a stale node's late write can only leave a larger gap, never a smaller number.
import type { Redis } from 'ioredis';
import { clusterKeys, type ClusterKeys } from './keys.ts';

// KEYS: seqs. ARGV: id, ceiling. Only ever raised.
const RAISE = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1`;

export class TableSeqs {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;

  constructor(o: { redis: Redis; prefix: string }) {
    this.#redis = o.redis;
    this.#keys = clusterKeys(o.prefix);
  }

  /** The table's ceiling; 0 when no owner reserved any. */
  async ceiling(id: string): Promise<number> {
    const v = await this.#redis.hget(this.#keys.tableSeqs, id);
    const n = v === null ? 0 : Number(v);
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  }

  async reserve(id: string, upTo: number): Promise<void> {
    await this.#redis.eval(RAISE, 1, this.#keys.tableSeqs, id, String(upTo));
  }

  /** The table closed for good: its numbering ends with it. */
  async forget(id: string): Promise<void> {
    await this.#redis.hdel(this.#keys.tableSeqs, id);
  }
}
