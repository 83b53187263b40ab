import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng, shuffle, type Rng } from '../../../src/games/rng/index.ts';
import { CHI2_99, chiSquare } from './stats.ts';

const PERMS = 24; // orders of 4 items
const ROUNDS = PERMS * 10_000;

/** Frequency of each of the 24 orders of [0,1,2,3] under a shuffle. */
function orderCounts(shuffler: (items: number[]) => number[]): number[] {
  const index = new Map<string, number>();
  const c: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const key = shuffler([0, 1, 2, 3]).join('');
    if (!index.has(key)) {
      index.set(key, c.length);
      c.push(0);
    }
    c[index.get(key)!]!++;
  }
  return c;
}

describe('Fisher–Yates shuffle', () => {
  it('makes all 24 orders of 4 items equally likely (chi-square, 23 df, 99%)', () => {
    const rng = new SeededRng('shuffle-uniformity');
    const c = orderCounts((items) => shuffle(rng, items));
    assert.equal(c.length, PERMS);
    assert.ok(chiSquare(c) < CHI2_99[23], `chi-square ${chiSquare(c)}`);
  });

  it('the same test catches the classic naive shuffle (swap with any position)', () => {
    const rng = new SeededRng('naive');
    const naive = (items: number[]) => {
      const a = items.slice();
      for (let i = 0; i < a.length; i++) {
        const j = rng.int(a.length);
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    assert.ok(chiSquare(orderCounts(naive)) > CHI2_99[23]);
  });

  it('returns a permutation and leaves its input alone', () => {
    const rng: Rng = new SeededRng('perm');
    const deck = Array.from({ length: 52 }, (_, i) => i);
    const out = shuffle(rng, deck);
    assert.deepEqual(deck, Array.from({ length: 52 }, (_, i) => i));
    assert.deepEqual(out.slice().sort((a, b) => a - b), deck);
    assert.notDeepEqual(out, deck);
    assert.deepEqual(shuffle(rng, []), []);
    assert.deepEqual(shuffle(rng, [9]), [9]);
  });
});
