import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { BET_TYPES, PAYOUT, allPlacements } from '../../../src/games/roulette/layout.ts';
import { newRound, nextRound, step, type RouletteAction, type RouletteState } from '../../../src/games/roulette/engine.ts';
import { fairOutcome } from '../../../src/games/roulette/fair.ts';

// A valid bet as a client would send it, built from a legal placement.
const validBet = fc
  .record({ t: fc.integer({ min: 0, max: BET_TYPES.length - 1 }), p: fc.nat(), amount: fc.integer({ min: 1, max: 10_000 }) })
  .map(({ t, p, amount }) => {
    const type = BET_TYPES[t]!;
    const options = allPlacements(type);
    const covers = options[p % options.length]!;
    const numbers = type === 'dozen' || type === 'column' ? [(p % 3) + 1] : covers.length === 18 ? undefined : covers;
    return numbers === undefined ? { type, amount } : { type, numbers, amount };
  });

function run(seed: string, actions: RouletteAction[]): { state: RouletteState; events: unknown[] } {
  const rng = new SeededRng(seed);
  let state = newRound();
  const events: unknown[] = [];
  for (const a of actions) {
    const r = step(state, a, rng);
    if (r.ok) {
      state = r.state;
      events.push(...r.events);
    }
  }
  return { state, events };
}

describe('roulette engine', () => {
  it('pays each seat by the payout table and conserves money', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.array(validBet, { minLength: 1, maxLength: 5 })), { maxLength: 6 }), fc.string(), (seatBets, seed) => {
        const { state } = run(seed, [...seatBets.map(([seat, bets]) => ({ type: 'bet' as const, seat, bets })), { type: 'spin' }]);
        assert.equal(state.type, 'settled');
        if (state.type !== 'settled') return;
        const staked = seatBets.flatMap(([, b]) => b).reduce((t, b) => t + b.amount, 0);
        let expectedPaid = 0;
        for (const b of state.bets) if (b.covers.includes(state.number)) expectedPaid += b.amount * (PAYOUT[b.type] + 1);
        assert.equal(state.results.reduce((t, r) => t + r.staked, 0), staked);
        assert.equal(state.results.reduce((t, r) => t + r.won, 0), expectedPaid);
      }),
      { numRuns: 200 },
    );
  });

  it('replays a round exactly from the same seed and actions', () => {
    fc.assert(
      fc.property(fc.array(validBet, { minLength: 1, maxLength: 8 }), fc.string(), (bets, seed) => {
        const actions: RouletteAction[] = [{ type: 'bet', seat: 1, bets }, { type: 'spin' }];
        assert.deepEqual(run(seed, actions), run(seed, actions));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects illegal actions with a reason and leaves the state untouched', () => {
    const badBet = fc.oneof(
      fc.record({ type: fc.constant('straight'), numbers: fc.constant([5]), amount: fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true })) }),
      fc.record({ type: fc.constant('split'), numbers: fc.constant([1, 6]), amount: fc.constant(10) }),
      fc.record({ type: fc.string(), amount: fc.constant(10) }),
    );
    fc.assert(
      fc.property(fc.array(validBet, { maxLength: 3 }), badBet, fc.boolean(), (good, bad, afterSpin) => {
        const rng = new SeededRng('illegal');
        let state = newRound();
        if (good.length) state = (step(state, { type: 'bet', seat: 0, bets: good }, rng) as { state: RouletteState }).state;
        if (afterSpin) state = (step(state, { type: 'spin' }, rng) as { state: RouletteState }).state;
        const before = structuredClone(state);
        const action: RouletteAction = afterSpin && good.length % 2 ? { type: 'spin' } : { type: 'bet', seat: 0, bets: [...good, bad] };
        const r = step(state, action, rng);
        assert.equal(r.ok, false);
        if (!r.ok) assert.ok(['invalid_payload', 'round_closed'].includes(r.reason));
        assert.deepEqual(state, before);
      }),
      { numRuns: 300 },
    );
  });

  it('starts the next round empty', () => {
    const r = step(newRound(7), { type: 'spin' }, new SeededRng('n'));
    assert.ok(r.ok);
    assert.deepEqual(nextRound(r.state), { type: 'betting', round: 8, bets: [] });
  });

  it('spins uniform pockets (chi-square, 36 df, below the 99% critical value 58.619)', () => {
    const rng = new SeededRng('chi');
    const n = 370_000;
    const counts = new Array<number>(37).fill(0);
    for (let i = 0; i < n; i++) counts[fairOutcome(rng).number]!++;
    const e = n / 37;
    const chi = counts.reduce((t, c) => t + (c - e) ** 2 / e, 0);
    assert.ok(chi < 58.619, `chi-square ${chi}`);
  });
});
