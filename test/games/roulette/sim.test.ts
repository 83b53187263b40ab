import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/games/roulette/sim.ts';
import { BET_TYPES } from '../../../src/games/roulette/layout.ts';

describe('roulette simulation', () => {
  it('finds the 1/37 house edge inside the 95% interval for every bet type', () => {
    const r = simulate({ rounds: 1_000_000, seed: 'roulette-test' });
    const rtp = 36 / 37;
    assert.deepEqual(Object.keys(r.bets), [...BET_TYPES]);
    for (const [name, s] of Object.entries({ all: r, ...r.bets })) {
      assert.ok(s.ci95[0] <= rtp && rtp <= s.ci95[1], `${name}: ${rtp} outside [${s.ci95}]`);
      assert.ok(s.ci95[1] - s.ci95[0] < 0.025, `${name}: interval too wide to mean anything`);
      assert.equal(s.house_edge, 1 - s.rtp);
    }
  });
});
