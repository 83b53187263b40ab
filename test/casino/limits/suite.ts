// The behaviour every Limits store must have, run against memory (memory.test.ts) and
// real Redis (redis.test.ts). Windows are 1 s; the waits are "until retry_after has
// passed", so a slow machine makes the tests slower, never red.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Limits, type Bucket, type RateSpec } from '../../../src/casino/limits/index.ts';
import { PitbossError } from '../../../src/errors.ts';

export type MakeLimits = (rates: Partial<Record<Bucket, RateSpec>>) => Limits;

/** The PitbossError a take was refused with (fails if it was not refused). */
export async function refused(p: Promise<void>): Promise<PitbossError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof PitbossError, `expected a PitbossError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected rate_limited');
}

async function takeN(limits: Limits, bucket: Bucket, key: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await limits.take(bucket, key);
}

export function limitsSuite(store: string, make: MakeLimits): void {
  describe(`Limits (${store})`, () => {
    it('allows exactly N takes in a window and refuses the next with retry_after', async () => {
      const limits = make({ chat: { points: 5, seconds: 10 } });
      await takeN(limits, 'chat', 'p1', 5);
      const err = await refused(limits.take('chat', 'p1'));
      assert.equal(err.reason, 'rate_limited');
      assert.match(err.message, /^too many chat messages; try again in (9|10) s$/);
      const retry = err.toReply().retry_after as number;
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 10_000, `retry_after ${retry}`);
    });

    it('keeps refusing while the window lasts', async () => {
      const limits = make({ guest: { points: 1, seconds: 10 } });
      await limits.take('guest', '10.0.0.1');
      for (let i = 0; i < 3; i++) assert.equal((await refused(limits.take('guest', '10.0.0.1'))).reason, 'rate_limited');
    });

    it('counts each key separately', async () => {
      const limits = make({ action: { points: 2, seconds: 10 } });
      await takeN(limits, 'action', 'alice', 2);
      await refused(limits.take('action', 'alice'));
      await takeN(limits, 'action', 'bob', 2);
      await refused(limits.take('action', 'bob'));
    });

    it('counts each bucket separately for the same key', async () => {
      const limits = make({ connect: { points: 1, seconds: 10 }, join: { points: 1, seconds: 10 } });
      await limits.take('connect', '10.0.0.2');
      await limits.take('join', '10.0.0.2');
      await refused(limits.take('connect', '10.0.0.2'));
      await refused(limits.take('join', '10.0.0.2'));
    });

    it('allows takes again once retry_after has passed', async () => {
      const limits = make({ chat: { points: 2, seconds: 1 } });
      await takeN(limits, 'chat', 'p2', 2);
      const retry = (await refused(limits.take('chat', 'p2'))).toReply().retry_after as number;
      assert.ok(retry >= 1 && retry <= 1000, `retry_after ${retry}`);
      await sleep(retry + 50);
      await takeN(limits, 'chat', 'p2', 2);
      await refused(limits.take('chat', 'p2'));
    });

    it('spends a burst only after the window and refills it only with its own window', async () => {
      const limits = make({ action: { points: 3, seconds: 1, burst: { points: 2, seconds: 10 } } });
      await takeN(limits, 'action', 'p3', 5); // 3 from the window, 2 from the burst
      const first = (await refused(limits.take('action', 'p3'))).toReply().retry_after as number;
      assert.ok(first >= 1 && first <= 1000, `retry_after is the main window's: ${first}`);
      await sleep(first + 50);
      await takeN(limits, 'action', 'p3', 3); // a fresh main window, the burst still spent
      await refused(limits.take('action', 'p3'));
    });

    it('answers check() as a value and spends a take with it', async () => {
      const limits = make({ connect: { points: 2, seconds: 10 } });
      assert.deepEqual(await limits.check('connect', '10.0.0.3'), { ok: true });
      await limits.take('connect', '10.0.0.3');
      const r = await limits.check('connect', '10.0.0.3');
      assert.equal(r.ok, false);
      assert.ok(!r.ok && Number.isInteger(r.retryAfterMs) && r.retryAfterMs >= 1 && r.retryAfterMs <= 10_000);
    });

    it('uses the defaults for buckets not overridden', async () => {
      const limits = make({});
      assert.deepEqual(limits.rates.chat, { points: 5, seconds: 10 });
      await takeN(limits, 'chat', 'p4', 5);
      await refused(limits.take('chat', 'p4'));
    });

    it('refuses rates outside the bounds the env parser enforces', () => {
      assert.throws(() => make({ chat: { points: 0, seconds: 10 } }), /points must be from 1/);
      assert.throws(() => make({ chat: { points: 5, seconds: 0.5 } }), /window must be from 1 s/);
      assert.throws(() => make({ action: { points: 5, seconds: 10, burst: { points: 1, seconds: 1 } } }), /burst window/);
    });

    it('refuses an empty or oversized key and an unknown bucket as programming errors', async () => {
      const limits = make({});
      await assert.rejects(limits.take('chat', ''), RangeError);
      await assert.rejects(limits.take('chat', 'k'.repeat(201)), RangeError);
      await assert.rejects(limits.take('nope' as Bucket, 'k'), RangeError);
    });
  });
}
