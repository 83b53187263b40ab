import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HoldemEvent, HoldemState } from '../../../src/games/holdem/index.ts';
import { deckFor, play, results, riggedRng, seats, start } from './helpers.ts';

const showdownOf = (events: HoldemEvent[]) => {
  const e = events.find((x) => x.type === 'showdown');
  return e?.type === 'showdown' ? e.hands.map((h) => ('mucked' in h ? `${h.seat}:muck` : `${h.seat}:${h.category}`)) : null;
};

// Button 0, small blind 1, big blind 2; cards go to seats 1, 2, 0 in that order.
function threeWay(holes: string[][], board: string[], muckLosers = true, stacks = [1000, 1000, 1000]): HoldemState {
  return start({ seats: seats(stacks), button: 0, smallBlind: 5, bigBlind: 10, muckLosers }, riggedRng(deckFor(holes, board))).state;
}
const board = ['3h', '8s', '9d', 'Jc', '4s'];
const holes = [['As', 'Ad'], ['Kc', 'Kd'], ['2c', '7d']]; // seat 1 aces, seat 2 kings, seat 0 seven-high
const toRiver = ['0:call', '1:call', '2:check', ...Array(2).fill(['1:check', '2:check', '0:check']).flat()];

describe('showdown', () => {
  it('deals the rigged cards where the helper says (sanity check of the harness)', () => {
    const s = threeWay(holes, board);
    assert.deepEqual(s.players.map((p) => p.hole.length), [2, 2, 2]);
    const { state } = play(s, ...toRiver);
    assert.equal(state.type, 'river');
    assert.equal(state.board.length, 5);
  });

  it('the last aggressor on the river shows first; a hand that cannot win is mucked; the winner shows', () => {
    const { state, events } = play(threeWay(holes, board), ...toRiver, '1:check', '2:bet:10', '0:call', '1:call');
    assert.deepEqual(showdownOf(events), ['2:one_pair', '0:muck', '1:one_pair']);
    assert.deepEqual(results(state)[1], { staked: 20, won: 60, stack: 1040 });
    assert.equal(state.type === 'complete' && state.result.shown.map((h) => h.seat).join(), '2,1');
  });

  it('without a river bet the first player left of the button shows first', () => {
    const { events } = play(threeWay(holes, board), ...toRiver, '1:check', '2:check', '0:check');
    assert.deepEqual(showdownOf(events), ['1:one_pair', '2:muck', '0:muck']);
  });

  it('a hand that ties the best shown hand must show', () => {
    const tie = [['As', 'Ad'], ['Ac', 'Ah'], ['2c', '7d']];
    const { events } = play(threeWay(tie, board), ...toRiver, '1:check', '2:check', '0:check');
    assert.deepEqual(showdownOf(events), ['1:one_pair', '2:one_pair', '0:muck']);
  });

  it('with mucking off every hand is tabled', () => {
    const { events } = play(threeWay(holes, board, false), ...toRiver, '1:check', '2:check', '0:check');
    assert.deepEqual(showdownOf(events), ['1:one_pair', '2:one_pair', '0:high_card']);
  });

  it('splits a pot with the odd chip to the first winner clockwise from the button', () => {
    // Broadway on the board: seats 2 and 0 both play it; seat 1 folded its small blind.
    const broadway = ['As', 'Ks', 'Qd', 'Jc', 'Th'];
    const s = threeWay([['2c', '3d'], ['4c', '5d'], ['6c', '7h']], broadway);
    const { state, events } = play(s, '0:call', '1:fold', '2:check', '2:check', '0:check', '2:check', '0:check', '2:check', '0:check');
    const award = events.find((e) => e.type === 'pot_awarded');
    assert.deepEqual(award, { type: 'pot_awarded', pot: 0, amount: 25, winners: [{ seat: 2, amount: 13 }, { seat: 0, amount: 12 }] });
    const r = results(state);
    assert.deepEqual([r[0]!.won, r[1]!.won, r[2]!.won], [12, 0, 13]);
  });

  it('pays a main pot and side pots to different winners when three players are all-in for different sizes', () => {
    // Button 3: small blind 0, big blind 1; cards go to seats 0, 1, 2, 3.
    const deck = deckFor([['As', 'Ad'], ['Ks', 'Kd'], ['Qs', 'Qd'], ['4h', '5h']], ['2c', '7d', '9h', 'Js', '3c']);
    const s = start({ seats: seats([50, 120, 300, 500]), button: 3, smallBlind: 5, bigBlind: 10 }, riggedRng(deck)).state;
    const { state, events } = play(s, '2:all_in', '3:all_in', '0:all_in', '1:all_in');
    assert.ok(events.some((e) => e.type === 'bet_returned' && e.seat === 3 && e.amount === 200));
    // an all-in showdown tables every hand
    assert.deepEqual(showdownOf(events), ['0:one_pair', '1:one_pair', '2:one_pair', '3:high_card']);
    assert.deepEqual(state.type === 'complete' && state.result.pots, [
      { amount: 200, seats: [0, 1, 2, 3] },
      { amount: 210, seats: [1, 2, 3] },
      { amount: 360, seats: [2, 3] },
    ]);
    const r = results(state);
    assert.deepEqual([0, 1, 2, 3].map((i) => [r[i]!.won, r[i]!.stack]), [[200, 200], [210, 210], [360, 360], [0, 200]]);
  });

  it('ends without a showdown when everyone else folds; the winner is not shown', () => {
    const { state, events } = play(threeWay(holes, board), '0:raise:30', '1:fold', '2:fold');
    assert.equal(showdownOf(events), null);
    assert.ok(events.some((e) => e.type === 'bet_returned' && e.seat === 0 && e.amount === 20));
    assert.equal(state.type === 'complete' && state.result.shown.length, 0);
    assert.deepEqual(results(state)[0], { staked: 10, won: 25, stack: 1015 });
  });
});
