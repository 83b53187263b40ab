import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FairRng } from '../../../src/games/rng/index.ts';
import { fairOutcome } from '../../../src/games/roulette/fair.ts';
import { newRound, step } from '../../../src/games/roulette/engine.ts';

describe('roulette fair outcome', () => {
  it('is the pocket the engine spins from the same seeds', () => {
    for (let nonce = 0; nonce < 50; nonce++) {
      const seeds = { serverSeed: 'server', clientSeed: 'client', nonce };
      const r = step(newRound(), { type: 'spin' }, new FairRng(seeds));
      assert.ok(r.ok && r.state.type === 'settled');
      assert.deepEqual(fairOutcome(new FairRng(seeds)), { number: r.state.number });
    }
  });
});
