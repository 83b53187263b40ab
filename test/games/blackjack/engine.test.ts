import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { step } from '../../../src/games/blackjack/engine.ts';
import { view } from '../../../src/games/blackjack/view.ts';
import { nextRound } from '../../../src/games/blackjack/state.ts';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { cards, play, results, stacked } from './helpers.ts';

const bet = (seat: number, amount = 10) => ({ type: 'bet' as const, seat, amount });
const deal = { type: 'deal' as const };
const act = (type: 'hit' | 'stand' | 'double' | 'split' | 'surrender' | 'insurance' | 'no_insurance', seat = 0) => ({ type, seat });

// Deal order: first card to each seat, dealer up, second card to each seat, hole card.
describe('blackjack rounds on a stacked shoe', () => {
  it('pays a blackjack 3:2 (6:5 on such tables), floored to a unit', () => {
    assert.deepEqual(results(play(stacked('As 9d Kc 8h'), [bet(0), deal]).state), [[0, 10, 25]]);
    assert.deepEqual(results(play(stacked('As 9d Kc 8h', { blackjackPays: '6:5' }), [bet(0), deal]).state), [[0, 10, 22]]);
    assert.deepEqual(results(play(stacked('As 9d Kc 8h'), [bet(0, 5), deal]).state), [[0, 5, 12]]);
  });

  it('peeks under a ten and ends the round on a dealer blackjack', () => {
    const { state, events } = play(stacked('9s Kd 9c Ah'), [bet(0), deal]);
    assert.deepEqual(results(state), [[0, 10, 0]]);
    assert.ok(events.some((e) => e.type === 'peeked' && e.blackjack));
  });

  it('offers insurance under an ace: pays 2:1 on a dealer blackjack, lost otherwise', () => {
    const a = play(stacked('9s Ad 9c Kh'), [bet(0), deal]);
    assert.equal(a.state.type, 'insurance');
    assert.deepEqual(results(play(a.state, [act('insurance')]).state), [[0, 15, 15]]);
    const b = play(stacked('9s Ad 9c 7h'), [bet(0), deal, act('insurance'), act('stand')]);
    assert.deepEqual(results(b.state), [[0, 15, 10]]); // 18 pushes soft 18; the 5 of insurance is lost
  });

  it('doubles for one card', () => {
    const { state } = play(stacked('5s 9d 6c 7h Tc Kd'), [bet(0), deal, act('double')]);
    assert.deepEqual(results(state), [[0, 20, 40]]); // 21 against a busted dealer
  });

  it('splits aces for one card each, and 21 on a split ace is not a blackjack', () => {
    const { state } = play(stacked('As 6d Ac Th Kc 9d Ts'), [bet(0), deal, act('split')]);
    assert.equal(state.type, 'settled');
    if (state.type === 'settled') assert.deepEqual(state.seats[0]!.hands.map((h) => h.cards), [cards('As Kc'), cards('Ac 9d')]);
    assert.deepEqual(results(state), [[0, 20, 40]]);
  });

  it('resplits up to the hand limit and no further', () => {
    const { state } = play(stacked('8s 5d 8c 6h 8d', { maxHands: 2 }), [bet(0), deal, act('split')]);
    const r = step(state, act('split'), new SeededRng('x'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.reason, 'invalid_action');
  });

  it('refuses a double after a hit, a split of a non-pair, and a surrender after a hit', () => {
    const { state } = play(stacked('5s 9d 6c 7h 2c', { surrender: true }), [bet(0), deal, act('hit')]); // 5,6,2 = 13
    for (const move of ['double', 'split', 'surrender'] as const) {
      const snapshot = structuredClone(state);
      const r = step(state, act(move), new SeededRng('x'));
      assert.ok(!r.ok && r.reason === 'invalid_action', move);
      assert.deepEqual(state, snapshot);
    }
    const fresh = play(stacked('5s 9d 6c 7h'), [bet(0), deal]).state; // 5,6: not a pair
    const r = step(fresh, act('split'), new SeededRng('x'));
    assert.ok(!r.ok && r.reason === 'invalid_action');
  });

  it('refunds half the bet on a late surrender', () => {
    assert.deepEqual(results(play(stacked('Ts 9d 6c 7h', { surrender: true }), [bet(0), deal, act('surrender')]).state), [[0, 10, 5]]);
  });

  it('without a hole card, loses doubled stakes to a dealer blackjack', () => {
    const s = stacked('5s Ad 6c Tc Kh', { peek: false, insurance: false });
    assert.deepEqual(results(play(s, [bet(0), deal, act('double')]).state), [[0, 20, 0]]);
  });

  it('plays seats in order and refuses a seat out of turn', () => {
    const { state } = play(stacked('Ts 9s 7d Tc 8s 9c 7h'), [bet(1), bet(4), deal]);
    assert.equal(state.type, 'playing');
    if (state.type === 'playing') assert.deepEqual(state.turn, { seat: 1, hand: 0 });
    const r = step(state, act('hit', 4), new SeededRng('x'));
    assert.ok(!r.ok && r.reason === 'not_your_turn');
    const after = play(state, [act('stand', 1), act('stand', 4)]).state; // dealer T,7 = 17 stands
    assert.deepEqual(results(after), [[1, 10, 20], [4, 10, 20]]);
  });

  it('never shows the hole card or the shoe order before the dealer plays', () => {
    const { state, events } = play(stacked('Ts 9s 7d Tc 8s'), [bet(0), deal]);
    const v = view(state);
    assert.deepEqual(v.dealer, [cards('9s')[0], null]);
    assert.deepEqual(v.legal, ['stand', 'hit', 'double']); // T,7 v 9: no pair, no surrender at this table
    assert.deepEqual(v.shoe, { decks: 6, remaining: 1 }); // a count, never the order
    assert.ok(!JSON.stringify(v).includes('"cards":[' + cards('Ts 9s 7d Tc 8s').join(',')));
    assert.deepEqual(Object.keys(events.find((e) => e.type === 'dealt')!).sort(), ['dealer_up', 'seats', 'type']);
    assert.ok(!events.some((e) => e.type === 'dealer_revealed'));
    const end = play(state, [act('stand')]);
    assert.deepEqual(view(end.state).dealer, cards('9s Tc'));
  });

  it('reshuffles at the cut card between rounds, and from the discards if a round empties the shoe', () => {
    const s = { ...stacked('Ts 9s 7d Tc', { decks: 1 }), shoe: { cards: cards('Ts 9s 7d Tc'), next: 0, cut: 4 } };
    const { state, events } = play(s, [bet(0), deal, act('hit')]);
    const shuffled = events.find((e) => e.type === 'shuffled');
    assert.deepEqual(shuffled, { type: 'shuffled', cards: 48 }); // a fresh deck minus the four on the table
    const next = play(nextRound(state), [bet(0), deal]);
    assert.deepEqual(next.events[1], { type: 'shuffled', cards: 52 }); // after the bet, before the deal
  });
});
