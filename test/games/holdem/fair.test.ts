import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardToString } from '../../../src/games/cards.ts';
import { FairRng } from '../../../src/games/rng/index.ts';
import { act, fairOutcome, replayHand, type HandConfig, type HoldemAction } from '../../../src/games/holdem/index.ts';
import { fairOutcomeOf } from '../../../src/games/fair_registry.ts';
import { play, seats, start } from './helpers.ts';

const seeds = { serverSeed: 'server-seed-1', clientSeed: 'alice', nonce: 7 };
// button 3 on a 4-seat table: cards go to seats 0, 1, 2, 3 in that order
const config: HandConfig = { seats: seats([1000, 1000, 1000, 1000]), button: 3, smallBlind: 5, bigBlind: 10 };
const checkDown = ['2:call', '3:call', '0:call', '1:check', ...Array(3).fill(['0:check', '1:check', '2:check', '3:check']).flat()];

describe('fairOutcome', () => {
  it('names the very cards the engine deals from the same seeds', () => {
    const fair = fairOutcome(new FairRng(seeds), { players: 4 });
    const { state } = play(start(config, new FairRng(seeds)).state, ...checkDown);
    if (state.type !== 'complete') assert.fail('the hand should be over');
    // seats 0..3 are the deal order here
    assert.deepEqual(fair.holes, state.players.map((p) => p.hole.map(cardToString)));
    assert.deepEqual(fair.board, state.result.board);
    assert.deepEqual(fair.deck, state.deck.map(cardToString));
    assert.equal(fair.deck.length, 52);
    assert.equal(fair.commitment, state.commitment.root, 'the root the table published');
    // burn, flop, burn, turn, burn, river after 8 hole cards
    assert.deepEqual(fair.burns, [fair.deck[8], fair.deck[12], fair.deck[14]]);
  });

  it('gives only the deck order and the root without a player count, and refuses impossible table sizes', () => {
    assert.deepEqual(Object.keys(fairOutcome(new FairRng(seeds))), ['deck', 'commitment']);
    for (const players of [1, 10, 2.5, '6']) assert.throws(() => fairOutcome(new FairRng(seeds), { players }), RangeError);
  });

  it('is the one hold\'em entry of the fair registry, also under its old name poker', () => {
    assert.equal(fairOutcomeOf('holdem'), fairOutcome);
    assert.equal(fairOutcomeOf('poker'), fairOutcome);
    assert.equal(fairOutcomeOf('rng'), undefined);
    assert.equal(fairOutcomeOf('constructor'), undefined);
  });
});

describe('replayHand', () => {
  it('reproduces every step of a journaled hand', () => {
    const first = start(config, new FairRng(seeds));
    const actions: HoldemAction[] = [{ type: 'raise', seat: 2, amount: 40 }, { type: 'fold', seat: 3 }, { type: 'call', seat: 0 }, { type: 'fold', seat: 1 }];
    let state = first.state;
    const steps = [];
    for (const a of actions) {
      const r = act(state, a);
      assert.ok(r.ok);
      state = r.state;
      steps.push(r.events);
    }
    const again = replayHand(config, new FairRng(seeds), actions);
    assert.ok(again.ok);
    assert.deepEqual(again.state, state);
    assert.deepEqual(again.started, first.events);
    assert.deepEqual(again.steps, steps);
  });

  it('says which journaled action no longer applies', () => {
    const r = replayHand(config, new FairRng(seeds), [{ type: 'call', seat: 2 }, { type: 'call', seat: 2 }]);
    assert.equal(!r.ok && [r.at, r.reason].join(), '1,not_your_turn');
  });
});
