import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/games/baccarat/sim.ts';
import { exactOdds, ratio } from '../../../src/games/baccarat/exact.ts';

describe('baccarat simulation', () => {
  it('finds the exact house edge of every bet inside its 95% interval (2M coups)', () => {
    const o = exactOdds(8);
    const pb = ratio(o.banker, o.total);
    const pp = ratio(o.player, o.total);
    const pt = ratio(o.tie, o.total);
    const pair = 12 * (31 / 415); // second card matches the first's rank: 31 of the 415 left
    const expected: Record<string, number> = { player: 2 * pp + pt, banker: 1.95 * pb + pt, tie: 9 * pt, player_pair: pair, banker_pair: pair };
    const r = simulate({ rounds: 2_000_000, seed: 'baccarat-test' });
    for (const [side, rtp] of Object.entries(expected)) {
      const s = r.bets[side]!;
      assert.ok(s.ci95[0] <= rtp && rtp <= s.ci95[1], `${side}: ${rtp} outside [${s.ci95}]`);
    }
    assert.ok(r.bets.banker!.ci95[1] - r.bets.banker!.ci95[0] < 0.003, 'banker interval narrow enough to tell banker from player');
    assert.equal(r.game, 'baccarat');
    assert.equal(r.rounds, 2_000_000);
  });
});
