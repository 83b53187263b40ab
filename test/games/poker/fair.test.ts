import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardToString, freshDeck, parseCard } from '../../../src/games/cards.ts';
import { FairRng, SeededRng, shuffle } from '../../../src/games/rng/index.ts';
import { fairOutcome } from '../../../src/games/poker/fair.ts';
import { evaluate } from '../../../src/games/poker/index.ts';

const seeds = { serverSeed: 'poker-server', clientSeed: 'poker-client', nonce: 3 };

describe('poker fair outcome', () => {
  it("deals the shuffled deck as the hold'em table does: twice round, then burn-3, burn-1, burn-1", () => {
    const out = fairOutcome(new FairRng(seeds), { players: 4 });
    const deck = shuffle(new FairRng(seeds), freshDeck()).map(cardToString);
    assert.deepEqual(out.deck, deck);
    assert.deepEqual(out.hole, [0, 1, 2, 3].map((i) => [deck[i], deck[i + 4]]));
    assert.deepEqual(out.burns, [deck[8], deck[12], deck[14]]);
    assert.deepEqual(out.board, [deck[9], deck[10], deck[11], deck[13], deck[15]]);
  });

  it('names the showdown winners from the seven-card values', () => {
    for (let nonce = 0; nonce < 50; nonce++) {
      const out = fairOutcome(new SeededRng(`fair-${nonce}`), { players: 6 });
      const values = out.hole.map((h) => evaluate([...h, ...out.board].map(parseCard)));
      assert.deepEqual(out.showdown.hands.map((h) => h.value), values);
      const top = Math.max(...values);
      assert.deepEqual(out.showdown.winners, values.flatMap((v, i) => (v === top ? [i] : [])));
      out.showdown.hands.forEach((h) => assert.equal(evaluate(h.best.map(parseCard)), h.value));
    }
  });

  it('defaults to heads-up and refuses impossible table sizes', () => {
    assert.equal(fairOutcome(new FairRng(seeds)).hole.length, 2);
    for (const players of [1, 23, 2.5, '6']) assert.throws(() => fairOutcome(new FairRng(seeds), { players }), RangeError);
  });
});
