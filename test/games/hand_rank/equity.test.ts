import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCard } from '../../../src/games/cards.ts';
import { equity } from '../../../src/games/hand_rank/equity.ts';
import { compareKeys, refEval } from './reference.ts';
import { pheValue } from './phe-oracle.ts';

const h = (s: string) => s.split(' ').map(parseCard);

/** Independent brute force: every completion of the board, scored by an oracle. */
function bruteForce(hands: number[][], board: number[], dead: number[], better: (x: number[], y: number[]) => number) {
  const used = new Set([...hands.flat(), ...board, ...dead]);
  const pool = [...Array(52).keys()].filter((c) => !used.has(c));
  const wins = hands.map(() => 0);
  const ties = hands.map(() => 0);
  let boards = 0;
  const walk = (from: number, cur: number[]): void => {
    if (cur.length === 5) {
      boards++;
      const full = hands.map((hand) => [...hand, ...cur]);
      const best = full.filter((x) => full.every((y) => better(x, y) >= 0));
      full.forEach((x, i) => {
        if (!best.includes(x)) return;
        if (best.length === 1) wins[i]!++;
        else ties[i]!++;
      });
      return;
    }
    for (let j = from; j < pool.length; j++) walk(j + 1, [...cur, pool[j]!]);
  };
  walk(0, board);
  return { boards, wins, ties };
}
const byReference = (x: number[], y: number[]) => compareKeys(refEval(x), refEval(y));

describe('equity', () => {
  it('matches a brute force with the reference evaluator on the flop (990 boards)', () => {
    const hands = [h('Ah Kh'), h('Qs Qd')];
    const board = h('Qh 7h 2c');
    const r = equity(hands, { board });
    const b = bruteForce(hands, board, [], byReference);
    assert.equal(r.boards, 990);
    assert.deepEqual({ boards: r.boards, wins: r.hands.map((x) => x.wins), ties: r.hands.map((x) => x.ties) }, b);
  });

  it('splits three ways on the turn with dead cards exactly as the brute force does', () => {
    const hands = [h('Ac Td'), h('As Th'), h('9c 9d')];
    const board = h('Kd Qh Jc 2s');
    const dead = h('8c 3h');
    const r = equity(hands, { board, dead });
    const b = bruteForce(hands, board, dead, byReference);
    assert.equal(r.boards, 52 - 6 - 4 - 2);
    assert.deepEqual({ boards: r.boards, wins: r.hands.map((x) => x.wins), ties: r.hands.map((x) => x.ties) }, b);
    // both ace-ten hands already hold the broadway straight and no flush can come in
    // one card, so they chop every river and the nines never win
    assert.deepEqual(r.hands.map((x) => [x.wins, x.ties]), [[0, 40], [0, 40], [0, 0]]);
    const total = r.hands.reduce((s, x) => s + x.equity, 0);
    assert.ok(Math.abs(total - 1) < 1e-12);
  });

  it('gives aces about 81% against kings preflop, counted exactly over all 1,712,304 boards', () => {
    const hands = [h('As Ah'), h('Kd Kc')];
    const r = equity(hands);
    const b = bruteForce(hands, [], [], (x, y) => pheValue(x) - pheValue(y));
    assert.equal(r.boards, 1_712_304);
    assert.deepEqual([r.hands[0]!.wins, r.hands[1]!.wins, r.hands[0]!.ties], [b.wins[0], b.wins[1], b.ties[0]]);
    assert.deepEqual([r.hands[0]!.wins, r.hands[1]!.wins, r.hands[0]!.ties], [1_388_072, 317_694, 6_538]);
    assert.ok(r.hands[0]!.equity > 0.81 && r.hands[0]!.equity < 0.82);
    assert.equal(r.hands[0]!.equity + r.hands[1]!.equity, 1);
  });

  it('scores a complete board once', () => {
    const r = equity([h('Ah Ad'), h('Kh Kd')], { board: h('2c 7d 9s Jh 3c') });
    assert.equal(r.boards, 1);
    assert.deepEqual(r.hands.map((x) => [x.wins, x.ties, x.equity]), [[1, 0, 1], [0, 0, 0]]);
  });

  it('rejects impossible inputs', () => {
    assert.throws(() => equity([h('Ah Ad')]), RangeError);
    assert.throws(() => equity([h('Ah Ad'), h('Ah Kd')]), /twice/);
    assert.throws(() => equity([h('Ah Ad'), h('Kh')]), RangeError);
    assert.throws(() => equity([h('Ah Ad'), h('Kh Kd')], { board: h('2c 3c 4c 5c 6c 7c') }), RangeError);
    assert.throws(() => equity([[0, 52], h('Kh Kd')]), RangeError);
  });
});
