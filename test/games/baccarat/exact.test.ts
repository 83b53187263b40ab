import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exactOdds, ratio } from '../../../src/games/baccarat/exact.ts';
import { bankerDraws, playCoup } from '../../../src/games/baccarat/rules.ts';
import { parseCard } from '../../../src/games/cards.ts';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

describe('baccarat exact odds (enumerating the first six cards of an 8-deck shoe)', () => {
  const o = exactOdds(8);
  const pb = ratio(o.banker, o.total);
  const pp = ratio(o.player, o.total);
  const pt = ratio(o.tie, o.total);

  it('sums to one exactly', () => {
    assert.equal(o.banker + o.player + o.tie, o.total);
    assert.equal(o.total, 416n * 415n * 414n * 413n * 412n * 411n);
  });

  it('matches the published win probabilities to 9 decimals', () => {
    assert.equal(round(pb, 9), 0.458597423);
    assert.equal(round(pp, 9), 0.446246609);
    assert.equal(round(pt, 9), 0.095155968);
  });

  it('matches the published house edges (banker with 5% commission, player, tie at 8:1)', () => {
    assert.equal(round(100 * (pp - 0.95 * pb), 6), 1.057906);
    assert.equal(round(100 * (pb - pp), 6), 1.235081);
    assert.equal(round(100 * (1 - 9 * pt), 6), 14.359629);
  });
});

describe('baccarat drawing rules', () => {
  it('follows the banker table cell by cell', () => {
    // rows: banker total 0..7; columns: player third card 0..9; "S" = player stood
    const table: Record<number, string> = {
      0: 'DDDDDDDDDD', 1: 'DDDDDDDDDD', 2: 'DDDDDDDDDD', 3: 'DDDDDDDDSD',
      4: 'SSDDDDDDSS', 5: 'SSSSDDDDSS', 6: 'SSSSSSDDSS', 7: 'SSSSSSSSSS',
    };
    for (let b = 0; b <= 7; b++) {
      for (let p3 = 0; p3 <= 9; p3++) assert.equal(bankerDraws(b, p3), table[b]![p3] === 'D', `banker ${b}, P3 ${p3}`);
      assert.equal(bankerDraws(b, null), b <= 5, `banker ${b}, player stood`);
    }
  });

  const coup = (cards: string[]) => {
    const deck = cards.map(parseCard);
    let i = 0;
    return playCoup(() => deck[i++]!);
  };

  it('stands both hands on a natural', () => {
    const c = coup(['8c', '2d', 'Kh', '5s', '9c', '9d']); // player 8, banker 7
    assert.deepEqual([c.player.length, c.banker.length, c.playerTotal, c.bankerTotal, c.winner], [2, 2, 8, 7, 'player']);
  });

  it('draws the banker on 3 unless the player third card is an 8', () => {
    const a = coup(['2c', 'Td', '3h', '3s', '8c', '4d']); // player 5 draws 8 → 3; banker 3 stands
    assert.deepEqual([a.player.length, a.banker.length, a.playerTotal, a.bankerTotal, a.winner], [3, 2, 3, 3, 'tie']);
    const b = coup(['2c', 'Td', '3h', '3s', '7c', '4d']); // player 5 draws 7 → 2; banker 3 draws 4 → 7
    assert.deepEqual([b.player.length, b.banker.length, b.playerTotal, b.bankerTotal, b.winner], [3, 3, 2, 7, 'banker']);
  });

  it('draws the banker on 0-5 when the player stood on 6 or 7, and flags pairs', () => {
    const c = coup(['3c', '5d', '3h', 'Ks', 'Ac']); // player 6 stands; banker 5 draws A → 6
    assert.deepEqual([c.player.length, c.banker.length, c.playerTotal, c.bankerTotal, c.winner, c.playerPair, c.bankerPair], [2, 3, 6, 6, 'tie', true, false]);
  });
});
