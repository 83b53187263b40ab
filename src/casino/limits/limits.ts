// Limits: one rate limiter per bucket over rate-limiter-flexible. In-process counters by
// default (RateLimiterMemory); given an ioredis client, counters live in Redis so every
// node of a cluster shares them (RateLimiterRedis, one atomic Lua INCR per take).
//
// Overflow policy: an over-limit take is REJECTED with `rate_limited` and `retry_after`
// (ms), never dropped silently — a dropped action leaves a client waiting for a reply
// that never comes, and a dropped chat line looks like a server fault.
//
// Redis trouble: each Redis limiter carries an in-memory insurance limiter with the same
// rate, and `rejectIfRedisNotReady` sends takes to it at once while Redis is down instead
// of queueing them. Limits then count per node for the outage: neither fail-open (a
// flood while Redis is down) nor fail-closed (nobody can play because Redis is down).
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { PitbossError } from '../../errors.ts';
import { BUCKETS, DEFAULT_RATES, checkRate, type Bucket, type RateSpec } from '../../config/rates.ts';
import { MESSAGES } from './buckets.ts';

export interface LimitsOptions {
  /** Per-bucket overrides of DEFAULT_RATES (see ratesFromEnv). */
  rates?: Partial<Record<Bucket, RateSpec>>;
  /** Share counts through Redis (cluster mode). Give the client a commandTimeout: a hung Redis then falls back too. */
  redis?: Redis;
  /** Redis key prefix; each bucket adds `:<bucket>`. Default "pitboss:rl". */
  keyPrefix?: string;
}

export type CheckResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Consumer {
  consume(key: string): Promise<unknown>;
}

const MAX_KEY_LENGTH = 200;

export class Limits {
  readonly rates: Readonly<Record<Bucket, RateSpec>>;
  readonly #limiters: Record<Bucket, Consumer>;

  constructor(opts: LimitsOptions = {}) {
    const rates = {} as Record<Bucket, RateSpec>;
    for (const bucket of BUCKETS) rates[bucket] = checkRate(opts.rates?.[bucket] ?? DEFAULT_RATES[bucket]);
    this.rates = rates;
    const prefix = opts.keyPrefix ?? 'pitboss:rl';
    const limiters = {} as Record<Bucket, Consumer>;
    for (const bucket of BUCKETS) {
      const spec = this.rates[bucket];
      const make = (points: number, seconds: number, keyPrefix: string): RateLimiterMemory | RateLimiterRedis => {
        const base = { points, duration: seconds, keyPrefix };
        if (!opts.redis) return new RateLimiterMemory(base);
        return new RateLimiterRedis({ ...base, storeClient: opts.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) });
      };
      const main = make(spec.points, spec.seconds, `${prefix}:${bucket}`);
      limiters[bucket] = spec.burst ? new BurstyRateLimiter(main, make(spec.burst.points, spec.burst.seconds, `${prefix}:${bucket}:burst`)) : main;
    }
    this.#limiters = limiters;
  }

  /**
   * Spends one take of `bucket` for `key` (an IP or a player id, per KEYED_BY), or throws
   * `rate_limited` with `retry_after`: the ms until the next take can succeed, ≥ 1.
   */
  async take(bucket: Bucket, key: string): Promise<void> {
    const r = await this.check(bucket, key);
    if (r.ok) return;
    const secs = Math.ceil(r.retryAfterMs / 1000);
    throw new PitbossError('rate_limited', `${MESSAGES[bucket]}; try again in ${secs} s`, { retry_after: r.retryAfterMs });
  }

  /**
   * The same take, answered as a value: for the pre-upgrade connect path, which refuses
   * with HTTP 429 and a `retry-after` header rather than a reply. It spends a take too.
   */
  async check(bucket: Bucket, key: string): Promise<CheckResult> {
    const limiter = this.#limiters[bucket];
    if (!limiter) throw new RangeError(`no rate-limit bucket "${bucket}"`);
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new RangeError(`a ${bucket} rate-limit key must be 1 to ${MAX_KEY_LENGTH} characters`);
    }
    try {
      await limiter.consume(key);
      return { ok: true };
    } catch (rej) {
      // A RateLimiterRes is "over the limit"; anything else is a store failure the
      // insurance limiter did not absorb, and goes up as the error it is.
      if (!(rej instanceof RateLimiterRes)) throw rej;
      // msBeforeNext can be 0 or -1 at a window's edge; a retry_after of 0 invites a spin.
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil(rej.msBeforeNext)) };
    }
  }
}
