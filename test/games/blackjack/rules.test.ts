import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RULES, parseRules } from '../../../src/games/blackjack/rules.ts';
import { dealerOutcomes } from '../../../src/games/blackjack/odds.ts';
import { valueOf } from '../../../src/games/blackjack/hand.ts';
import { basicStrategy } from '../../../src/games/blackjack/strategy.ts';
import { parseCard } from '../../../src/games/cards.ts';
import { cards } from './helpers.ts';

describe('blackjack rules and hands', () => {
  it('parses rule overrides from the command line and refuses bad ones', () => {
    const r = parseRules({ decks: '0', h17: 'true', das: 'false', bj: '6:5', ls: 'true' });
    assert.ok(typeof r !== 'string');
    assert.deepEqual([r.decks, r.dealerHitsSoft17, r.doubleAfterSplit, r.blackjackPays, r.surrender], [0, true, false, '6:5', true]);
    assert.equal(typeof parseRules({ decks: 9 }), 'string');
    assert.equal(typeof parseRules({ colour: 'red' }), 'string');
    assert.equal(typeof parseRules({ surrender: true, peek: false }), 'string');
    assert.equal(typeof parseRules({ h17: 'maybe' }), 'string');
    assert.deepEqual(parseRules({}), DEFAULT_RULES);
  });

  it('counts soft and hard totals', () => {
    assert.deepEqual(valueOf(cards('As 6d')), { total: 17, soft: true });
    assert.deepEqual(valueOf(cards('As 6d Tc')), { total: 17, soft: false });
    assert.deepEqual(valueOf(cards('As Ad 9c')), { total: 21, soft: true });
    assert.deepEqual(valueOf(cards('Ks Qd 5c')), { total: 25, soft: false });
  });
});

describe('dealer odds (exact recursion, infinite deck, before the peek)', () => {
  it('busts 28.1593% standing on soft 17 and 28.5419% hitting it', () => {
    assert.equal((100 * dealerOutcomes(DEFAULT_RULES).bust).toFixed(4), '28.1593');
    assert.equal((100 * dealerOutcomes({ ...DEFAULT_RULES, dealerHitsSoft17: true }).bust).toFixed(4), '28.5419');
  });

  it('has a total probability of one and a 4/169 × 2 blackjack chance', () => {
    const o = dealerOutcomes(DEFAULT_RULES);
    assert.ok(Math.abs(Object.values(o).reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.ok(Math.abs(o.blackjack - (2 * 4) / 169) < 1e-15);
  });
});

describe('basic strategy', () => {
  const s17 = DEFAULT_RULES;
  const h17 = { ...DEFAULT_RULES, dealerHitsSoft17: true };
  const decide = (rules: typeof s17, hand: string, up: string) => basicStrategy(rules, { cards: cards(hand) }, parseCard(up));

  it('plays the S17 DAS table', () => {
    const expect: [string, string, string][] = [
      ['Ts 6d', 'Th', 'hit'], ['Ts 6d', '6h', 'stand'], ['Ts 2d', '3h', 'hit'], ['Ts 2d', '4h', 'stand'],
      ['6s 5d', 'Ah', 'hit'], ['6s 5d', 'Th', 'double'], ['5s 4d', '2h', 'hit'], ['5s 4d', '3h', 'double'],
      ['As 7d', '2h', 'stand'], ['As 7d', '3h', 'double'], ['As 7d', '9h', 'hit'], ['As 2d', '4h', 'hit'], ['As 2d', '5h', 'double'],
      ['8s 8d', 'Ah', 'split'], ['9s 9d', '7h', 'stand'], ['9s 9d', '8h', 'split'], ['2s 2d', '2h', 'split'], ['4s 4d', '5h', 'split'],
      ['5s 5d', '9h', 'double'], ['Ts Td', '6h', 'stand'], ['As Ad', 'Ah', 'split'], ['Ts 7d', 'Ah', 'stand'],
    ];
    for (const [hand, up, move] of expect) assert.equal(decide(s17, hand, up), move, `${hand} v ${up}`);
  });

  it('changes for H17, no DAS, surrender and 9-11 doubling', () => {
    assert.equal(decide(h17, '6s 5d', 'Ah'), 'double');
    assert.equal(decide(h17, 'As 7d', '2h'), 'double');
    assert.equal(decide(h17, 'As 8d', '6h'), 'double');
    const noDas = { ...s17, doubleAfterSplit: false };
    assert.equal(decide(noDas, '2s 2d', '2h'), 'hit');
    assert.equal(decide(noDas, '4s 4d', '5h'), 'hit'); // played as hard 8
    assert.equal(decide(noDas, '6s 6d', '2h'), 'hit');
    assert.equal(decide(noDas, '6s 6d', '3h'), 'split');
    const ls = { ...s17, surrender: true };
    assert.equal(decide(ls, 'Ts 6d', '9h'), 'surrender');
    assert.equal(decide(ls, 'Ts 5d', 'Th'), 'surrender');
    assert.equal(decide(ls, 'Ts 5d', 'Ah'), 'hit');
    assert.equal(decide({ ...h17, surrender: true }, 'Ts 7d', 'Ah'), 'surrender');
    assert.equal(decide({ ...h17, surrender: true }, '8s 8d', 'Ah'), 'surrender');
    const nine = { ...s17, doubleOn: 'nine_to_eleven' as const };
    assert.equal(decide(nine, 'As 7d', '4h'), 'stand'); // soft 18 may not double: stand
    assert.equal(decide(nine, 'As 2d', '5h'), 'hit');
    assert.equal(decide(nine, '6s 4d', '5h'), 'double');
  });

  it('falls back when a move is not allowed now', () => {
    const third = { cards: cards('5s 3d 3c'), allowed: new Set(['hit', 'stand']) };
    assert.equal(basicStrategy(s17, third, parseCard('6h')), 'hit'); // 11 with three cards
    const lockedAces = { cards: cards('As Ad'), allowed: new Set(['stand']) };
    assert.equal(basicStrategy(s17, lockedAces, parseCard('6h')), 'stand');
    const noResplit = { cards: cards('8s 8d'), allowed: new Set(['hit', 'stand', 'double']) };
    assert.equal(basicStrategy(s17, noResplit, parseCard('Th')), 'hit'); // hard 16 v T
  });
});
