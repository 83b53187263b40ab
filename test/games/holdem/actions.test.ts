import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { act, newHand, parseAction, type HoldemState } from '../../../src/games/holdem/index.ts';
import { play, seats, start } from './helpers.ts';

describe('timeouts', () => {
  const { state } = start({ seats: seats([1000, 1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('timeout'));

  it('folds a player who faces a bet', () => {
    const r = act(state, { seat: 0, type: 'timeout' });
    assert.ok(r.ok);
    assert.deepEqual(r.events[0], { type: 'action', seat: 0, action: 'fold', amount: 0, to: 0, stack: 1000, all_in: false, timeout: true });
  });

  it('checks for a player who owes nothing', () => {
    const s = play(state, '0:call', '1:call').state;
    const r = act(s, { seat: 2, type: 'timeout' });
    assert.ok(r.ok);
    assert.deepEqual(r.events[0], { type: 'action', seat: 2, action: 'check', amount: 0, to: 10, stack: 990, all_in: false, timeout: true });
    assert.equal(r.state.type, 'flop');
  });
});

describe('rejections', () => {
  const { state } = start({ seats: seats([1000, 1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('reject'));
  const reason = (s: HoldemState, a: unknown) => {
    const r = act(s, a as never);
    return r.ok ? 'accepted' : r.reason;
  };

  it('uses the catalogue reasons', () => {
    assert.equal(reason(state, { seat: 1, type: 'call' }), 'not_your_turn');
    assert.equal(reason(state, { seat: 0, type: 'check' }), 'invalid_action');
    assert.equal(reason(state, { seat: 0, type: 'shove' }), 'invalid_payload');
    assert.equal(reason(state, { seat: 0, type: 'raise', amount: 25.5 }), 'invalid_payload');
    assert.equal(reason(state, { seat: 0, type: 'raise' }), 'invalid_payload');
    const done = play(state, '0:fold', '1:fold').state;
    assert.equal(reason(done, { seat: 2, type: 'check' }), 'round_closed');
  });

  it('rejects a bad configuration or too few players', () => {
    const base = { seats: seats([1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 };
    const why = (c: object) => {
      const r = newHand({ ...base, ...c }, new SeededRng('cfg'));
      return r.ok ? 'accepted' : r.reason;
    };
    assert.equal(why({}), 'accepted');
    assert.equal(why({ smallBlind: 20 }), 'invalid_payload');
    assert.equal(why({ button: 2 }), 'invalid_payload');
    assert.equal(why({ seats: seats(Array(10).fill(100)) }), 'invalid_payload');
    assert.equal(why({ seats: seats([1000, 0]) }), 'invalid_action');
    assert.equal(why({ seats: [{ seat: 0, playerId: 'a', stack: 5 }, undefined, { seat: 2, playerId: 'b', stack: 5 }] }), 'invalid_payload');
    assert.equal(why({ seats: [{ seat: 1, playerId: 'a', stack: 5 }, { seat: 0, playerId: 'b', stack: 5 }] }), 'invalid_payload');
    assert.equal(why({ seats: [{ seat: 0, playerId: 'a', stack: 5.5 }, { seat: 1, playerId: 'b', stack: 5 }] }), 'invalid_payload');
    assert.equal(why({ ante: -1 }), 'invalid_payload');
    assert.equal(why({ seats: [{ seat: 0, playerId: 'a', stack: 5 }, { seat: 1, playerId: 'a', stack: 5 }] }), 'invalid_payload');
    assert.equal(why({ seats: [{ seat: 0, playerId: 'a', stack: 5 }, { seat: 1, playerId: 'b', stack: 5, sittingOut: true }] }), 'invalid_action');
  });
});

describe('parseAction', () => {
  it('turns the client payload into an engine action', () => {
    assert.deepEqual(parseAction(3, { action: 'raise', amount: 300 }), { type: 'raise', seat: 3, amount: 300 });
    assert.deepEqual(parseAction(3, { action: 'all_in', amount: 5 }), { type: 'all_in', seat: 3 });
    assert.deepEqual(parseAction(0, { action: 'check' }), { type: 'check', seat: 0 });
  });

  it('rejects malformed payloads and client-sent timeouts', () => {
    for (const raw of [null, 'fold', {}, { action: 'timeout' }, { action: 'bet' }, { action: 'bet', amount: 0 }, { action: 'raise', amount: '300' }, { action: 'raise', amount: 1.5 }]) {
      const r = parseAction(0, raw);
      assert.equal('reason' in r && r.reason, 'invalid_payload', JSON.stringify(raw));
    }
  });
});
