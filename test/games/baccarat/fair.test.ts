import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FairRng } from '../../../src/games/rng/index.ts';
import { fairOutcome } from '../../../src/games/baccarat/fair.ts';
import { newRound, step } from '../../../src/games/baccarat/engine.ts';
import { cardToString } from '../../../src/games/cards.ts';

describe('baccarat fair outcome', () => {
  it('is the coup the engine deals from the same seeds', () => {
    for (let nonce = 0; nonce < 30; nonce++) {
      const seeds = { serverSeed: 'server', clientSeed: 'client', nonce };
      const r = step(newRound(), { type: 'deal' }, new FairRng(seeds));
      assert.ok(r.ok && r.state.type === 'settled');
      const c = r.state.coup;
      const f = fairOutcome(new FairRng(seeds));
      assert.deepEqual([f.player, f.banker, f.winner], [c.playerTotal, c.bankerTotal, c.winner]);
      assert.deepEqual(f.cards, { player: c.player.map(cardToString), banker: c.banker.map(cardToString) });
    }
  });
});
