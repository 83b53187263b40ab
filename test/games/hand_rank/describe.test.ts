import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardToString, parseCard } from '../../../src/games/cards.ts';
import { bestFive, describe as describeHand, evaluate } from '../../../src/games/hand_rank/index.ts';

const hand = (s: string) => s.split(' ').map(parseCard);
const show = (s: string) => bestFive(hand(s)).map(cardToString).join(' ');
const say = (s: string) => describeHand(evaluate(hand(s)));

describe('showdown display', () => {
  it('names each category the way a dealer says it', () => {
    assert.equal(say('As Ks Qs Js Ts 2d 3d'), 'Royal flush');
    assert.equal(say('9h 8h 7h 6h 5h Ac Ad'), 'Straight flush, nine high');
    assert.equal(say('7c 7d 7h 7s Ac'), 'Four of a kind, sevens');
    assert.equal(say('Ks Kd Kh 5c 5d 2s 3s'), 'Full house, kings over fives');
    assert.equal(say('Ah Kh 9h 4h 2h 2c 2d'), 'Flush, ace high');
    assert.equal(say('Ah 2c 3d 4s 5h Kd Kc'), 'Straight, five high');
    assert.equal(say('Qc Qd Qh 9s 2c'), 'Three of a kind, queens');
    assert.equal(say('Ac Ad 8c 8d 7h 7s 2c'), 'Two pair, aces and eights');
    assert.equal(say('Tc Td 8h 4s 2c 3d'), 'Pair of tens');
    assert.equal(say('Ac Jd 8h 4s 2c'), 'High card, ace');
    assert.throws(() => describeHand(0), RangeError);
  });

  it('picks the five cards that make the hand, sets first and the wheel ace last', () => {
    assert.equal(show('Ks Kd Kh 5c 5d 2s 3s'), 'Ks Kh Kd 5d 5c');
    assert.equal(show('Ah 2c 3d 4s 5h Kd Kc'), '5h 4s 3d 2c Ah');
    // of two equal kickers, the first one given plays
    assert.equal(show('Ac Ad 8c 8d 7h 7s 2c'), 'Ad Ac 8d 8c 7h');
    assert.equal(show('Ah Kh 9h 4h 2h 2c 3h'), 'Ah Kh 9h 4h 3h');
    assert.equal(show('Tc Td 8h 4s 2c'), 'Td Tc 8h 4s 2c');
  });

  it('returns five of the given cards that evaluate to the whole hand', () => {
    const cards = hand('Jc 9d 4h Js 9c 2d Qh');
    const five = bestFive(cards);
    assert.equal(five.length, 5);
    assert.ok(five.every((c) => cards.includes(c)));
    assert.equal(evaluate(five), evaluate(cards));
  });
});
