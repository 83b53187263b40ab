import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPots, splitPot } from '../../../src/games/holdem/index.ts';
import { returnUncalled } from '../../../src/games/holdem/pots.ts';
import type { PlayerState } from '../../../src/games/holdem/index.ts';

const c = (seat: number, amount: number, folded = false) => ({ seat, amount, folded });

describe('buildPots', () => {
  it('makes a main pot and one side pot per smaller all-in, with three all-ins at different sizes', () => {
    // seats 0,1,2 all-in for 50, 120, 300; seat 3 covers with 500.
    const pots = buildPots([c(0, 50), c(1, 120), c(2, 300), c(3, 500)]);
    assert.deepEqual(pots, [
      { amount: 200, seats: [0, 1, 2, 3] },
      { amount: 210, seats: [1, 2, 3] },
      { amount: 360, seats: [2, 3] },
      { amount: 200, seats: [3] },
    ]);
  });

  it('counts folded chips in the pots they reached but never makes a folder eligible', () => {
    const pots = buildPots([c(0, 40), c(1, 100, true), c(2, 100), c(3, 100)]);
    assert.deepEqual(pots, [
      { amount: 160, seats: [0, 2, 3] },
      { amount: 180, seats: [2, 3] },
    ]);
  });

  it('merges layers with the same eligible players into one pot', () => {
    // the folder's 30 cuts a level, but both sides of it have seats 1 and 2 eligible
    assert.deepEqual(buildPots([c(0, 30, true), c(1, 80), c(2, 80)]), [{ amount: 190, seats: [1, 2] }]);
  });

  it('never loses chips that only folded players reached', () => {
    const pots = buildPots([c(0, 50), c(1, 200, true), c(2, 200, true)]);
    assert.equal(pots.reduce((t, p) => t + p.amount, 0), 450);
    assert.deepEqual(pots, [{ amount: 450, seats: [0] }]);
  });
});

describe('splitPot', () => {
  it('gives the odd chip to the first winner clockwise from the button', () => {
    // button 4 on a 6-seat table: clockwise order is 5, 0, 1, ...
    assert.deepEqual(splitPot(101, [1, 5], 4, 6), [{ seat: 5, amount: 51 }, { seat: 1, amount: 50 }]);
    assert.deepEqual(splitPot(101, [0, 1], 4, 6), [{ seat: 0, amount: 51 }, { seat: 1, amount: 50 }]);
  });

  it('hands out several odd chips one each in clockwise order', () => {
    assert.deepEqual(splitPot(11, [0, 2, 3], 2, 4), [
      { seat: 3, amount: 4 },
      { seat: 0, amount: 4 },
      { seat: 2, amount: 3 },
    ]);
  });
});

describe('returnUncalled', () => {
  const player = (seat: number, committed: number, stack: number, status: PlayerState['status'] = 'active'): PlayerState => ({
    seat, playerId: `p${seat}`, stack, committed, total: committed, hole: [0, 1], status, actedAt: null,
  });

  it('gives the unmatched part of the top bet back to its owner', () => {
    const ps = [player(0, 500, 0, 'all_in'), player(1, 200, 0, 'all_in'), player(2, 100, 50, 'folded')];
    assert.deepEqual(returnUncalled(ps), { seat: 0, amount: 300 });
    assert.deepEqual([ps[0]!.committed, ps[0]!.total, ps[0]!.stack, ps[0]!.status], [200, 200, 300, 'active']);
  });

  it('returns nothing when the top bet is matched', () => {
    const ps = [player(0, 200, 0), player(1, 200, 10)];
    assert.equal(returnUncalled(ps), null);
    assert.equal(ps[0]!.stack, 0);
  });
});
