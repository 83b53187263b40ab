import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardToString } from '../../../src/games/cards.ts';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { eventAudience, view, type HoldemState } from '../../../src/games/holdem/index.ts';
import { deckFor, play, riggedRng, seats, start } from './helpers.ts';

const hidden = (s: HoldemState, seat: number) => s.players.find((p) => p.seat === seat)!.hole.map(cardToString);

describe('view', () => {
  const { state, events } = start({ seats: seats([1000, 1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('view'));

  it('shows a player their own hole cards and nobody else’s', () => {
    const v = view(state, 1);
    assert.deepEqual(v.seats.find((x) => x.seat === 1)!.cards, hidden(state, 1));
    assert.equal(v.seats.find((x) => x.seat === 0)!.cards, null);
    const text = JSON.stringify(v);
    for (const c of [...hidden(state, 0), ...hidden(state, 2)]) assert.ok(!text.includes(`"${c}"`), `${c} leaked`);
  });

  it('shows a spectator no hole cards and never the deck', () => {
    const text = JSON.stringify(view(state, null));
    for (const seat of [0, 1, 2]) for (const c of hidden(state, seat)) assert.ok(!text.includes(`"${c}"`));
    assert.ok(!text.includes('deck'));
    // the undealt cards are nowhere in the view either
    for (const c of state.deck.slice(state.dealt)) assert.ok(!text.includes(`"${cardToString(c)}"`));
  });

  it('offers the legal actions only to the player whose turn it is', () => {
    assert.equal(view(state, 0).legal?.callAmount, 10);
    assert.equal(view(state, 1).legal, null);
    assert.equal(view(state, null).to_act, 0);
  });

  it('marks hole cards events private to their seat and everything else public', () => {
    const dealt = events.filter((e) => e.type === 'hole_cards_dealt');
    assert.deepEqual(dealt.map(eventAudience), [0, 1, 2]);
    assert.ok(events.filter((e) => e.type !== 'hole_cards_dealt').every((e) => eventAudience(e) === null));
    // no public event carries a hole card
    const pub = JSON.stringify(events.filter((e) => eventAudience(e) === null));
    for (const seat of [0, 1, 2]) for (const c of hidden(state, seat)) assert.ok(!pub.includes(`"${c}"`));
  });

  it('after showdown reveals shown hands but not mucked ones', () => {
    // seat 1 aces show, seat 2 kings and seat 0 seven-high are mucked
    const deck = deckFor([['As', 'Ad'], ['Kc', 'Kd'], ['2c', '7d']], ['3h', '8s', '9d', 'Jc', '4s']);
    let s = start({ seats: seats([1000, 1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 }, riggedRng(deck)).state;
    s = play(s, '0:call', '1:call', '2:check', ...Array(3).fill(['1:check', '2:check', '0:check']).flat()).state;
    const v = view(s, null);
    assert.deepEqual(v.seats.map((x) => x.cards), [null, ['As', 'Ad'], null]);
    assert.equal(v.street, 'complete');
  });
});
