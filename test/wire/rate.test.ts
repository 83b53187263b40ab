import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../src/wire/rate.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the sustained rate, never above the burst', () => {
    let now = 0;
    const b = new TokenBucket(2, 3, () => now);
    assert.deepEqual([b.take(), b.take(), b.take(), b.take()], [true, true, true, false]);
    now = 499;
    assert.equal(b.take(), false);
    now = 500;
    assert.equal(b.take(), true);
    now = 100_000;
    assert.deepEqual([b.take(), b.take(), b.take(), b.take()], [true, true, true, false]);
  });
});
