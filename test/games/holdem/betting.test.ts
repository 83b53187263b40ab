import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { act, legalActions, nextButton, type HoldemState } from '../../../src/games/holdem/index.ts';
import { play, results, seats, start, toAct } from './helpers.ts';

const blinds = { smallBlind: 5, bigBlind: 10 };
const hand = (stacks: Array<number | null>, button = 0, extra = {}) =>
  start({ seats: seats(stacks), button, ...blinds, ...extra }, new SeededRng('betting'));

function reject(s: HoldemState, seat: number, type: string, amount?: number): string {
  const r = act(s, { seat, type, amount } as never);
  assert.equal(r.ok, false, `${seat}:${type}:${amount} should be rejected`);
  return r.ok ? '' : r.reason;
}

describe('blinds and order of action', () => {
  it('heads-up: the button posts the small blind, acts first preflop and last after the flop', () => {
    const { state, events } = hand([1000, 1000], 0);
    assert.deepEqual(events[1], {
      type: 'blinds_posted',
      posts: [{ seat: 0, kind: 'small_blind', amount: 5, all_in: false }, { seat: 1, kind: 'big_blind', amount: 10, all_in: false }],
    });
    assert.equal(toAct(state), 0);
    const flop = play(state, '0:call', '1:check').state;
    assert.equal(flop.type, 'flop');
    assert.equal(toAct(flop), 1);
    assert.equal(toAct(play(flop, '1:check').state), 0);
  });

  it('heads-up with the button on an empty seat moves the button onto the next player', () => {
    const { state, events } = hand([null, 1000, 1000], 0);
    assert.equal(state.button, 1);
    assert.equal(events[0]!.type === 'hand_started' && events[0]!.button, 1);
    assert.equal(toAct(state), 1);
  });

  it('multiway: blinds left of the button, first to act left of the big blind, postflop left of the button', () => {
    const { state } = hand([1000, 1000, 1000, 1000], 2);
    // button 2: small blind 3, big blind 0
    assert.deepEqual(state.players.map((p) => p.committed), [10, 0, 0, 5]);
    assert.equal(toAct(state), 1);
    const flop = play(state, '1:call', '2:call', '3:call', '0:check').state;
    assert.equal(toAct(flop), 3);
  });

  it('keeps a dead button in place: blinds are the next two players after the empty button seat', () => {
    const { state } = hand([1000, null, 1000, 1000], 1);
    assert.equal(state.button, 1);
    assert.deepEqual(state.players.map((p) => [p.seat, p.committed]), [[0, 0], [2, 5], [3, 10]]);
    assert.equal(toAct(state), 0);
  });

  it('moves the button to the next seat dealt in, skipping empty, broke and sitting-out seats', () => {
    const table = [
      { seat: 0, playerId: 'a', stack: 100 },
      null,
      { seat: 2, playerId: 'b', stack: 100, sittingOut: true },
      { seat: 3, playerId: 'c', stack: 0 },
      { seat: 4, playerId: 'd', stack: 100 },
    ];
    assert.equal(nextButton(table, 0), 4);
    assert.equal(nextButton(table, 4), 0);
    assert.equal(nextButton(table, 1), 4);
  });

  it('the big blind gets the option when everyone limps', () => {
    const { state } = hand([1000, 1000, 1000], 0);
    const s = play(state, '0:call', '1:call').state;
    assert.equal(s.type, 'preflop');
    assert.equal(toAct(s), 2);
    assert.equal(legalActions(s, 2).canCheck, true);
    assert.equal(legalActions(s, 2).canRaise, true);
  });
});

describe('minimum raises', () => {
  it('a raise must be at least the last full bet or raise', () => {
    const { state } = hand([1000, 1000, 1000, 1000], 0);
    assert.equal(legalActions(state, 3).minRaiseTo, 20);
    assert.equal(reject(state, 3, 'raise', 19), 'below_min');
    const s = play(state, '3:raise:35').state; // a raise of 25
    assert.equal(legalActions(s, 0).minRaiseTo, 60);
    assert.equal(reject(s, 0, 'raise', 59), 'below_min');
    assert.equal(reject(s, 0, 'raise', 1001), 'insufficient_funds');
    assert.equal(reject(s, 0, 'bet', 100), 'invalid_action');
    const t = play(s, '0:raise:60', '1:fold', '2:fold', '3:call').state;
    assert.equal(t.type, 'flop');
    // postflop the minimum bet is the big blind again
    assert.equal(legalActions(t, 3).minRaiseTo, 10);
    assert.equal(reject(t, 3, 'bet', 9), 'below_min');
    assert.equal(reject(t, 3, 'raise', 20), 'invalid_action');
  });

  it('a short all-in raise does not reopen betting for players who already acted', () => {
    // seat 2 (big blind) has 150: after calling preflop 140 behind
    const { state } = hand([1000, 1000, 150], 0);
    let s = play(state, '0:call', '1:call', '2:check').state;
    s = play(s, '1:bet:100', '2:all_in').state; // to 140: a raise of 40 < 100, short
    assert.equal(s.type === 'flop' && s.betting.currentBet, 140);
    // seat 0 has not acted yet: it may raise, to 140 + 100
    assert.equal(legalActions(s, 0).canRaise, true);
    assert.equal(legalActions(s, 0).minRaiseTo, 240);
    s = play(s, '0:call').state;
    // seat 1 bet 100 and only saw a short raise: call or fold, no raise
    const l = legalActions(s, 1);
    assert.deepEqual([l.canCall, l.callAmount, l.canRaise], [true, 40, false]);
    assert.equal(reject(s, 1, 'raise', 300), 'invalid_action');
    assert.equal(reject(s, 1, 'all_in'), 'invalid_action');
    s = play(s, '1:call').state;
    assert.equal(s.type, 'turn');
  });

  it('short all-ins that add up to a full raise do reopen betting', () => {
    const { state } = hand([1000, 1000, 160, 210], 0);
    // preflop: everyone calls 10; seats 2 and 3 keep 150 and 200
    let s = play(state, '3:call', '0:call', '1:call', '2:check').state;
    s = play(s, '1:bet:100', '2:all_in', '3:all_in').state; // 150 (short), then 200 (short again)
    // seat 0 never acted; seat 1 faced 100 and now 200: a full raise over its own bet
    assert.equal(legalActions(s, 0).canRaise, true);
    s = play(s, '0:call').state;
    assert.equal(legalActions(s, 1).canRaise, true);
    assert.equal(legalActions(s, 1).minRaiseTo, 300);
  });

  it('an all-in for less than a call is a call', () => {
    const { state } = hand([1000, 1000, 1000, 30], 0);
    const s = play(state, '3:call', '0:raise:100', '1:fold', '2:fold').state;
    const r = act(s, { seat: 3, type: 'all_in' });
    assert.ok(r.ok);
    const e = r.events[0]!;
    assert.deepEqual(e.type === 'action' && [e.action, e.amount, e.all_in], ['all_in', 20, true]);
  });

  it('no raise is allowed when every opponent is all-in', () => {
    const { state } = hand([1000, 1000, 50], 0);
    const s = play(state, '0:fold', '1:call', '2:all_in').state;
    const l = legalActions(s, 1);
    assert.deepEqual([l.canCall, l.canRaise], [true, false]);
  });
});

describe('short stacks and antes', () => {
  it('a big blind shorter than the blind posts it all; others still owe the full blind', () => {
    const { state, events } = hand([1000, 1000, 4], 0);
    assert.deepEqual(events[1], {
      type: 'blinds_posted',
      posts: [{ seat: 1, kind: 'small_blind', amount: 5, all_in: false }, { seat: 2, kind: 'big_blind', amount: 4, all_in: true }],
    });
    assert.equal(legalActions(state, 0).callAmount, 10);
  });

  it('heads-up, a small blind all-in for its blind leaves nothing to decide: the board runs out', () => {
    const { state, events } = hand([3, 1000], 0);
    assert.equal(state.type, 'complete');
    assert.ok(events.some((e) => e.type === 'bet_returned' && e.seat === 1 && e.amount === 7));
    const r = results(state);
    assert.equal(r[0]!.staked, 3);
    assert.equal(r[1]!.staked, 3);
    assert.equal(r[0]!.stack + r[1]!.stack, 1003);
  });

  it('antes are posted by everyone before the blinds and are dead money', () => {
    const { state, events } = hand([1000, 1000, 2], 0, { ante: 3 });
    const posted = events[1]!.type === 'blinds_posted' ? events[1]!.posts : [];
    // seat 2 is the big blind but its ante took its last 2 chips: it posts nothing more
    assert.deepEqual(posted.map((p) => [p.seat, p.kind, p.amount]), [[1, 'ante', 3], [2, 'ante', 2], [0, 'ante', 3], [1, 'small_blind', 5]]);
    assert.equal(state.players.find((p) => p.seat === 2)!.status, 'all_in');
    // antes do not count toward calling: seat 0 still owes the whole big blind
    assert.equal(legalActions(state, 0).callAmount, 10);
    assert.equal(state.players.reduce((t, p) => t + p.total, 0), 13);
  });
});

describe('a short big blind all alone', () => {
  it('does not ask the small blind to complete when it already covers the all-in big blind', () => {
    // big blind (seat 2) is all-in for 4; the button folds; the small blind's 5 already covers it
    const { state } = start({ seats: seats([1000, 1000, 4]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('short-bb'));
    const { state: end, events } = play(state, '0:fold');
    assert.equal(end.type, 'complete');
    assert.ok(events.some((e) => e.type === 'bet_returned' && e.seat === 1 && e.amount === 1));
    const r = results(end);
    assert.equal(r[1]!.staked, 4);
    assert.equal(r[2]!.staked, 4);
  });

  it('still asks a lone player to call an all-in bigger than their bet', () => {
    const { state } = start({ seats: seats([1000, 1000, 300]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('short-bb'));
    const s = play(state, '0:fold', '1:call', '2:all_in').state;
    assert.equal(toAct(s), 1);
    assert.equal(legalActions(s, 1).callAmount, 290);
  });
});
