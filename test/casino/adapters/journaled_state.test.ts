// Journals written before the code settled on one discriminant key name a game state's
// phase `tag`; they must still replay and recover after an upgrade.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { journaledState } from '../../../src/casino/adapters/replayers.ts';
import { blackjackGame } from '../../../src/casino/adapters/blackjack.ts';
import { holdemGame } from '../../../src/casino/adapters/holdem.ts';
import type { TableConfig } from '../../../src/casino/tables/types.ts';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { play, seats, start } from '../../games/holdem/helpers.ts';

/** What an older version journaled: every discriminant `type` of the state written as `tag`. */
function legacy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(legacy);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k === 'type' ? 'tag' : k, legacy(x)]));
}

const config = (game: 'blackjack' | 'holdem'): TableConfig =>
  ({ id: `${game}-t`, game, name: game, seats: 6, minBet: 10, maxBet: 1000, shared: true, options: {}, ephemeral: false });

describe('journaledState', () => {
  // A blackjack table between rounds, and a hold'em table with a hand on the flop.
  const hand = play(start({ seats: seats([1000, 1000, 1000]), button: 0, smallBlind: 5, bigBlind: 10 }, new SeededRng('j')).state, '0:call', '1:call', '2:check').state;
  const states = {
    blackjack: blackjackGame.init(config('blackjack')),
    holdem: { ...holdemGame.init(config('holdem')), hand },
  };
  for (const name of ['blackjack', 'holdem'] as const) {
    it(`reads a ${name} state journaled with \`tag\` as the state the game uses now`, () => {
      const state = states[name];
      const old = legacy(state);
      assert.notDeepEqual(old, state, 'the fixture has a discriminant to rename');
      assert.deepEqual(journaledState(old), state);
    });
  }

  it('leaves a state already written with `type` as it is', () => {
    const state = blackjackGame.init(config('blackjack'));
    assert.deepEqual(journaledState(state), state);
  });
});
