import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FairRng } from '../../../src/games/rng/index.ts';
import { fairOutcome } from '../../../src/games/blackjack/fair.ts';
import { step } from '../../../src/games/blackjack/engine.ts';
import { DEFAULT_RULES } from '../../../src/games/blackjack/rules.ts';
import { newTable, type BlackjackState } from '../../../src/games/blackjack/state.ts';
import { cardToString } from '../../../src/games/cards.ts';

describe('blackjack fair outcome', () => {
  it('is the shoe the engine deals from: seat cards, up card, seat cards, hole card', () => {
    for (let nonce = 0; nonce < 20; nonce++) {
      const seeds = { serverSeed: 'server', clientSeed: 'client', nonce };
      const rng = new FairRng(seeds);
      let s: BlackjackState = newTable(DEFAULT_RULES);
      for (const seat of [0, 3, 6]) s = (step(s, { type: 'bet', seat, amount: 10 }, rng) as { state: BlackjackState }).state;
      const r = step(s, { type: 'deal' }, rng);
      assert.ok(r.ok && r.state.type !== 'betting');
      const [a, b, c] = r.state.seats.map((x) => x.hands[0]!.cards);
      const dealt = [a![0], b![0], c![0], r.state.dealer[0], a![1], b![1], c![1], r.state.dealer[1]].map((x) => cardToString(x!));
      assert.deepEqual(fairOutcome(new FairRng(seeds), { count: 8 }), { decks: 6, cards: dealt });
    }
  });
});
