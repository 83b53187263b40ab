// Basic strategy through the real engine against the published player EVs
// (game-math.md: infinite deck, peek, double any two, resplit to 4, one card to split aces).
// 400k rounds per rule set: each run takes a few seconds and its 95% interval is about
// ±0.35%, tight enough to catch a wrong payout, dealer rule or strategy table (a missing
// double or split costs more than that).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/games/blackjack/sim.ts';

const ROUNDS = 400_000;
const FINITE_ROUNDS = 200_000; // the finite-shoe figure is only given to two digits
const cases: [string, Record<string, unknown>, number][] = [
  ['S17, DAS, 3:2', { decks: 0 }, -0.511734],
  ['H17, DAS, 3:2', { decks: 0, h17: true }, -0.731096],
  ['S17, no DAS, 3:2', { decks: 0, das: false }, -0.652538],
  ['S17, DAS, 6:5', { decks: 0, bj: '6:5' }, -1.864627],
  ['S17, DAS, late surrender', { decks: 0, ls: true }, -0.426223],
  ['6 decks, H17, DAS, 3:2 (finite shoe, cut card at 75%)', { decks: 6, h17: true }, -0.64],
];

describe('blackjack simulation with basic strategy', () => {
  for (const [name, rules, ev] of cases) {
    it(`finds the published player EV ${ev}% inside the 95% interval: ${name}`, () => {
      const r = simulate({ rounds: rules.decks === 0 ? ROUNDS : FINITE_ROUNDS, seed: `bj-test ${name}`, options: rules });
      const rtp = 1 + ev / 100;
      assert.ok(r.ci95[0] <= rtp && rtp <= r.ci95[1], `${name}: ${rtp} outside [${r.ci95}] (measured ${((r.rtp - 1) * 100).toFixed(3)}%)`);
      assert.ok(r.ci95[1] - r.ci95[0] < 0.011, 'interval too wide to mean anything');
    });
  }
});
