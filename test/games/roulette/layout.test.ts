import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BET_TYPES, PAYOUT, allPlacements, covered } from '../../../src/games/roulette/layout.ts';
import { parseBets, returnOf } from '../../../src/games/roulette/engine.ts';

describe('roulette layout', () => {
  it('knows every placement on the felt', () => {
    const counts = Object.fromEntries(BET_TYPES.map((t) => [t, allPlacements(t).length]));
    // 57 splits among 1-36 + 0-1, 0-2, 0-3; 12 streets + trios 0-1-2, 0-2-3; 22 corners + first four
    assert.deepEqual(counts, { straight: 37, split: 60, street: 14, corner: 23, six_line: 11, dozen: 3, column: 3, red: 1, black: 1, odd: 1, even: 1, low: 1, high: 1 });
  });

  it('gives every placement of every bet type an expected return of exactly 36/37 (enumerating the 37 pockets)', () => {
    for (const type of BET_TYPES) {
      for (const ns of allPlacements(type)) {
        const bet = { seat: 0, type, covers: ns, amount: 1 };
        let back = 0;
        for (let pocket = 0; pocket <= 36; pocket++) back += returnOf(bet, pocket);
        assert.equal(back, 36, `${type} ${ns.join('-')}`); // 36/37 per unit: house edge 1/37
        assert.equal(ns.length * (PAYOUT[type] + 1), 36);
      }
    }
  });

  it('maps dozens and columns from their index', () => {
    assert.deepEqual(covered('dozen', [2]), [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    assert.deepEqual(covered('column', [1]), [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34]);
    assert.deepEqual(covered('column', [34, 31, 28, 25, 22, 19, 16, 13, 10, 7, 4, 1]), covered('column', [1]));
  });

  it('rejects numbers that do not form the bet, with a detail', () => {
    const cases: [string, unknown, string][] = [
      ['split', [1, 5], 'not_adjacent'],
      ['split', [3, 4], 'not_adjacent'], // end of one row, start of the next
      ['split', [0, 4], 'not_adjacent'],
      ['split', [1], 'wrong_count'],
      ['split', [2, 2], 'duplicate_numbers'],
      ['street', [2, 3, 4], 'not_adjacent'],
      ['street', [0, 1, 3], 'not_adjacent'],
      ['corner', [3, 4, 6, 7], 'not_adjacent'],
      ['six_line', [2, 3, 4, 5, 6, 7], 'not_adjacent'],
      ['straight', [37], 'number_out_of_range'],
      ['straight', [1.5], 'numbers_not_integers'],
      ['dozen', [4], 'not_a_dozen'],
      ['column', [1, 2, 3], 'not_a_column'],
      ['red', [1], 'numbers_not_allowed'],
    ];
    for (const [type, numbers, detail] of cases) {
      const r = parseBets(0, [{ type, numbers, amount: 10 }]);
      assert.ok(!Array.isArray(r), `${type} ${JSON.stringify(numbers)} accepted`);
      assert.equal(r.reason, 'invalid_payload');
      assert.equal(r.detail, detail);
      assert.equal(r.bet_index, 0);
    }
  });

  it('accepts the zero splits, trios and first four', () => {
    for (const [type, numbers] of [['split', [0, 2]], ['street', [2, 0, 3]], ['corner', [0, 1, 2, 3]], ['six_line', [31, 32, 33, 34, 35, 36]]] as const) {
      assert.ok(Array.isArray(parseBets(0, [{ type, numbers, amount: 1 }])), `${type} ${numbers.join('-')}`);
    }
  });

  it('rejects bad amounts and unknown types', () => {
    for (const amount of [0, -5, 1.5, '10', null, Number.MAX_SAFE_INTEGER + 2]) {
      const r = parseBets(0, [{ type: 'red', amount }]);
      assert.ok(!Array.isArray(r));
      assert.equal(r.detail, 'amount_must_be_a_positive_integer');
    }
    const r = parseBets(3, [{ type: 'red', amount: 1 }, { type: 'basket', amount: 1 }]);
    assert.ok(!Array.isArray(r));
    assert.equal(r.bet_index, 1);
    assert.equal(r.detail, 'unknown_type');
    assert.ok(!Array.isArray(parseBets(0, [])));
  });
});
