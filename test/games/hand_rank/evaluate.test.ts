import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCard } from '../../../src/games/cards.ts';
import { categoryOf, evaluate, evaluate5, evaluate6, evaluate7 } from '../../../src/games/hand_rank/index.ts';
import { compareKeys, refEval, REF_CATEGORY_NAMES } from './reference.ts';
import { pheValue } from './phe-oracle.ts';

const hand = (s: string) => s.split(' ').map(parseCard);
// n distinct cards from 0..51
const cardsArb = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: 51 }), { minLength: n, maxLength: n });

describe('poker evaluator', () => {
  for (const n of [5, 6, 7]) {
    it(`orders random ${n}-card hands exactly as the reference evaluator does`, () => {
      fc.assert(
        fc.property(cardsArb(n), cardsArb(n), (x, y) => {
          assert.equal(Math.sign(evaluate(x) - evaluate(y)), compareKeys(refEval(x), refEval(y)));
          assert.equal(categoryOf(evaluate(x)), REF_CATEGORY_NAMES[refEval(x)[0]!]);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('gives the same value, not only the same order, as the phe package', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 7 }).chain((n) => cardsArb(n)), (cs) => {
        assert.equal(evaluate(cs), pheValue(cs));
      }),
      { numRuns: 50_000 },
    );
  });

  it('gives the same value through every entry point and any card order', () => {
    fc.assert(
      fc.property(cardsArb(7), fc.integer({ min: 0, max: 5039 }), (cs, k) => {
        const perm = cs.slice().sort((a, b) => ((a * 31 + k) % 53) - ((b * 31 + k) % 53));
        const [a, b, c, d, e, f, g] = cs as [number, number, number, number, number, number, number];
        assert.equal(evaluate7(a, b, c, d, e, f, g), evaluate(perm));
        assert.equal(evaluate6(a, b, c, d, e, f), evaluate(cs.slice(0, 6)));
        assert.equal(evaluate5(a, b, c, d, e), evaluate(cs.slice(0, 5)));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the extremes and well-known hands where they belong', () => {
    assert.equal(evaluate(hand('As Ks Qs Js Ts')), 7462);
    assert.equal(evaluate(hand('7c 5d 4h 3s 2c')), 1);
    assert.equal(categoryOf(evaluate(hand('Ah 2c 3d 4s 5h'))), 'straight');
    assert.equal(categoryOf(evaluate(hand('Ah 2h 3h 4h 5h Kd Kc'))), 'straight_flush');
    // the wheel is the lowest straight, below six-high
    assert.ok(evaluate(hand('Ah 2c 3d 4s 5h')) < evaluate(hand('2h 3c 4d 5s 6h')));
    // a third pair does not play: kicker is the best remaining card
    assert.equal(evaluate(hand('Ac Ad Kc Kd 7h 7s 2c')), evaluate(hand('Ac Ad Kc Kd 7h 2s 3c')));
    // two sets of trips make a full house using the higher set
    assert.equal(evaluate(hand('9c 9d 9h 4s 4c 4d 2c')), evaluate(hand('9c 9d 9h 4s 4c')));
  });

  it('rejects malformed input in the checked entry point', () => {
    assert.throws(() => evaluate([0, 1, 2, 3]), RangeError);
    assert.throws(() => evaluate([0, 1, 2, 3, 4, 5, 6, 7]), RangeError);
    assert.throws(() => evaluate([0, 1, 2, 3, 3]), /duplicate/);
    assert.throws(() => evaluate([0, 1, 2, 3, 52]), RangeError);
    assert.throws(() => evaluate([0, 1, 2, 3, 1.5]), RangeError);
  });
});
