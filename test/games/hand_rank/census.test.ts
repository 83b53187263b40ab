import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { census } from '../../../src/games/hand_rank/census.ts';

// Alspach's enumerations (docs: /work/shared/reference/game-math.md)
const FIVE = { straight_flush: 40, four_of_a_kind: 624, full_house: 3744, flush: 5108, straight: 10200, three_of_a_kind: 54912, two_pair: 123552, one_pair: 1098240, high_card: 1302540 };
const SEVEN = {
  straight_flush: 41584,
  four_of_a_kind: 224848,
  full_house: 3473184,
  flush: 4047644,
  straight: 6180020,
  three_of_a_kind: 6461620,
  two_pair: 31433400,
  one_pair: 58627800,
  high_card: 23294460,
};

describe('poker census', () => {
  it('counts every 5-card hand by category, with 7,462 distinct values', () => {
    let last = 0;
    const r = census(5, (done, total) => {
      assert.ok(done > last && done <= total);
      last = done;
    });
    assert.equal(last, 2_598_960);
    assert.deepEqual(r, { hands: 2_598_960, categories: FIVE, distinct: 7462 });
  });

  it('counts every 7-card hand by its best five, with 4,824 distinct values', () => {
    const r = census(7);
    assert.deepEqual(r, { hands: 133_784_560, categories: SEVEN, distinct: 4824 });
  });

  it('refuses other hand sizes', () => {
    assert.throws(() => census(6 as 5), RangeError);
  });
});
