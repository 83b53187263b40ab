import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { newRound, step, type BaccaratAction, type BaccaratState } from '../../../src/games/baccarat/engine.ts';
import { SIDES, returnOf } from '../../../src/games/baccarat/payouts.ts';
import type { Coup } from '../../../src/games/baccarat/rules.ts';

const bet = fc.record({ on: fc.constantFrom(...SIDES), amount: fc.integer({ min: 1, max: 1_000_000 }) });
const seatBets = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.array(bet, { minLength: 1, maxLength: 5 })), { maxLength: 7 });

function run(seed: string, actions: BaccaratAction[]): { state: BaccaratState; events: unknown[] } {
  const rng = new SeededRng(seed);
  let state = newRound();
  const events: unknown[] = [];
  for (const a of actions) {
    const r = step(state, a, rng);
    assert.ok(r.ok, JSON.stringify(r));
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}

const fakeCoup = (winner: Coup['winner'], playerPair = false, bankerPair = false): Coup =>
  ({ player: [], banker: [], playerTotal: 0, bankerTotal: 0, winner, playerPair, bankerPair });

describe('baccarat payouts', () => {
  it('pays the banker 19/20 floored to a unit (commission ceil(stake/20))', () => {
    const banker = (stake: number) => returnOf('banker', stake, fakeCoup('banker'));
    assert.deepEqual([1, 10, 19, 20, 21, 39, 40, 100, 1000].map(banker), [1, 19, 37, 39, 40, 76, 78, 195, 1950]);
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), (s) => {
      const win = banker(s) - s;
      assert.ok(win <= 0.95 * s && 0.95 * s - win < 1); // never more than one unit to the house
    }));
  });

  it('pushes player and banker on a tie and pays tie 8:1, pairs 11:1', () => {
    const tie = fakeCoup('tie', true, false);
    assert.deepEqual(SIDES.map((s) => returnOf(s, 100, tie)), [100, 100, 900, 1200, 0]);
    const player = fakeCoup('player', false, true);
    assert.deepEqual(SIDES.map((s) => returnOf(s, 100, player)), [200, 0, 0, 0, 1200]);
  });
});

describe('baccarat engine', () => {
  it('settles every seat by the payout rules and conserves money', () => {
    fc.assert(
      fc.property(seatBets, fc.string(), (sb, seed) => {
        const { state, events } = run(seed, [...sb.map(([seat, bets]) => ({ type: 'bet' as const, seat, bets })), { type: 'deal' }]);
        assert.equal(state.type, 'settled');
        if (state.type !== 'settled') return;
        const staked = sb.flatMap(([, b]) => b).reduce((t, b) => t + b.amount, 0);
        const paid = sb.flatMap(([, b]) => b).reduce((t, b) => t + returnOf(b.on, b.amount, state.coup), 0);
        assert.equal(state.results.reduce((t, r) => t + r.staked, 0), staked);
        assert.equal(state.results.reduce((t, r) => t + r.won, 0), paid);
        // no card appears more often than the 8 decks hold it
        const seen = new Map<number, number>();
        for (const c of [...state.coup.player, ...state.coup.banker]) seen.set(c, (seen.get(c) ?? 0) + 1);
        assert.ok([...seen.values()].every((n) => n <= 8));
        const settled = events.at(-1) as { type: string; outcome: { player: number; banker: number; winner: string } };
        assert.equal(settled.type, 'settled');
        assert.deepEqual([settled.outcome.player, settled.outcome.banker, settled.outcome.winner], [state.coup.playerTotal, state.coup.bankerTotal, state.coup.winner]);
      }),
      { numRuns: 150 },
    );
  });

  it('replays a round exactly from the same seed and actions', () => {
    fc.assert(
      fc.property(seatBets, fc.string(), (sb, seed) => {
        const actions: BaccaratAction[] = [...sb.map(([seat, bets]) => ({ type: 'bet' as const, seat, bets })), { type: 'deal' }];
        assert.deepEqual(run(seed, actions), run(seed, actions));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects illegal actions with a reason and leaves the state untouched', () => {
    const badBet = fc.oneof(
      fc.record({ on: fc.constantFrom(...SIDES), amount: fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constant('5')) }),
      fc.record({ on: fc.string().filter((s) => !(SIDES as readonly string[]).includes(s)), amount: fc.constant(10) }),
    );
    fc.assert(
      fc.property(fc.array(bet, { maxLength: 3 }), badBet, fc.boolean(), (good, bad, dealt) => {
        const rng = new SeededRng('illegal');
        let state = newRound();
        if (good.length) state = (step(state, { type: 'bet', seat: 2, bets: good }, rng) as { state: BaccaratState }).state;
        if (dealt) state = (step(state, { type: 'deal' }, rng) as { state: BaccaratState }).state;
        const before = structuredClone(state);
        const action: BaccaratAction = dealt && good.length % 2 ? { type: 'deal' } : { type: 'bet', seat: 2, bets: [bad] };
        const r = step(state, action, rng);
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.reason, dealt ? 'round_closed' : 'invalid_payload');
        assert.deepEqual(state, before);
      }),
      { numRuns: 300 },
    );
  });
});
