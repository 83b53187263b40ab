import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORIES, CATEGORY_START, evaluate5 } from '../../../src/games/hand_rank/index.ts';
import { compareKeys, refEval5, type RefKey } from './reference.ts';

// Every one of the 2,598,960 five-card hands: the table value must be a strictly
// increasing function of the reference evaluator's key (same order, same ties).
describe('poker evaluator over all 5-card hands', () => {
  it('agrees with the reference evaluator on every hand', () => {
    const keyOfValue = new Map<number, string>();
    const refOfValue: RefKey[] = [];
    for (let a = 0; a < 48; a++)
      for (let b = a + 1; b < 49; b++)
        for (let c = b + 1; c < 50; c++)
          for (let d = c + 1; d < 51; d++)
            for (let e = d + 1; e < 52; e++) {
              const v = evaluate5(a, b, c, d, e);
              const ref = refEval5([a, b, c, d, e]);
              const s = ref.join();
              const prev = keyOfValue.get(v);
              if (prev === undefined) {
                keyOfValue.set(v, s);
                refOfValue[v] = ref;
              } else if (prev !== s) assert.fail(`value ${v} holds two different hands: ${prev} and ${s}`);
            }
    assert.equal(keyOfValue.size, 7462);
    for (let v = 2; v <= 7462; v++) assert.equal(compareKeys(refOfValue[v]!, refOfValue[v - 1]!), 1, `value ${v} must beat value ${v - 1}`);
    // category boundaries: the first value of each category is where the reference category changes
    CATEGORIES.forEach((_, i) => assert.equal(refOfValue[CATEGORY_START[i]!]![0], i));
  });
});
