// Property tests: random tables (rules, seats, moves — legal and illegal) driven through
// the engine, checking the invariants a gaming lab relies on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { DEFAULT_RULES, type BlackjackRules } from '../../../src/games/blackjack/rules.ts';
import { newTable, nextRound, type BlackjackAction, type BlackjackEvent, type BlackjackState } from '../../../src/games/blackjack/state.ts';
import { extraStake, step } from '../../../src/games/blackjack/engine.ts';

const MOVES = ['hit', 'stand', 'double', 'split', 'surrender'] as const;
const AMOUNTS = [10, 25, 7, 0, -10, 2.5, Number.NaN, 1];

/** Turns a random number into an action that is usually, but not always, legal. */
function choose(s: BlackjackState, n: number): BlackjackAction | 'next_round' {
  switch (s.type) {
    case 'betting':
      if (s.bets.length > 0 && n % 4 === 0) return { type: 'deal' };
      return { type: n % 9 === 0 ? 'hit' : 'bet', seat: (n >> 2) % 8, amount: AMOUNTS[(n >> 5) % AMOUNTS.length]! } as BlackjackAction;
    case 'insurance': {
      const seat = s.seats[(n >> 1) % s.seats.length]!.seat + (n % 11 === 0 ? 1 : 0);
      return { type: n % 3 === 0 ? 'insurance' : n % 13 === 0 ? 'stand' : 'no_insurance', seat } as BlackjackAction;
    }
    case 'playing': {
      const seat = n % 7 === 0 ? s.seats[(n >> 3) % s.seats.length]!.seat : s.turn.seat;
      return { type: n % 17 === 0 ? 'deal' : MOVES[(n >> 1) % MOVES.length]!, seat } as BlackjackAction;
    }
    case 'settled':
      return n % 5 === 0 ? { type: 'stand', seat: 0 } : 'next_round';
  }
}

const rulesArb: fc.Arbitrary<BlackjackRules> = fc
  .record({
    decks: fc.constantFrom(0, 1, 2, 6), dealerHitsSoft17: fc.boolean(), doubleOn: fc.constantFrom('any' as const, 'nine_to_eleven' as const),
    doubleAfterSplit: fc.boolean(), maxHands: fc.integer({ min: 1, max: 4 }), resplitAces: fc.boolean(), hitSplitAces: fc.boolean(),
    surrender: fc.boolean(), insurance: fc.boolean(), peek: fc.boolean(), blackjackPays: fc.constantFrom('3:2' as const, '6:5' as const),
    penetration: fc.constantFrom(0.5, 0.75, 0.9),
  })
  .map((r) => ({ ...DEFAULT_RULES, ...r, surrender: r.surrender && r.peek }));

interface Trace { states: BlackjackState[]; events: BlackjackEvent[] }

function drive(rules: BlackjackRules, seed: string, choices: number[], check?: (before: BlackjackState, a: BlackjackAction, r: ReturnType<typeof step>) => void): Trace {
  const rng = new SeededRng(seed);
  let s = newTable(rules);
  const trace: Trace = { states: [s], events: [] };
  for (const n of choices) {
    const a = choose(s, n);
    if (a === 'next_round') {
      s = nextRound(s);
      continue;
    }
    const r = step(s, a, rng);
    check?.(s, a, r);
    if (r.ok) {
      s = r.state;
      trace.states.push(s);
      trace.events.push(...r.events);
    }
  }
  return trace;
}

const choicesArb = fc.array(fc.nat({ max: 1 << 20 }), { minLength: 20, maxLength: 200 });

describe('blackjack engine properties', () => {
  it('rejects illegal actions with a catalogue reason and changes nothing', () => {
    const reasons = new Set(['invalid_payload', 'invalid_action', 'not_your_turn', 'round_closed']);
    let rejected = 0;
    fc.assert(
      fc.property(rulesArb, fc.string(), choicesArb, (rules, seed, choices) => {
        drive(rules, seed, choices, (before, _a, r) => {
          if (r.ok) return;
          rejected++;
          assert.ok(reasons.has(r.reason), r.reason);
          assert.equal(typeof r.message, 'string');
        });
        // the deep-equal half: replay each rejected action on a snapshot
        const rng = new SeededRng(seed);
        let s = newTable(rules);
        for (const n of choices) {
          const a = choose(s, n);
          if (a === 'next_round') { s = nextRound(s); continue; }
          const snapshot = structuredClone(s);
          const r = step(s, a, rng);
          assert.deepEqual(s, snapshot, 'the input state was mutated');
          if (r.ok) s = r.state;
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(rejected > 100, 'the driver produced illegal actions');
  });

  it('replays rounds exactly from the same seed and actions', () => {
    fc.assert(
      fc.property(rulesArb, fc.string(), choicesArb, (rules, seed, choices) => {
        assert.deepEqual(drive(rules, seed, choices), drive(rules, seed, choices));
      }),
      { numRuns: 60 },
    );
  });

  it('settles exactly what the table was told to debit (money conserved), never paying a negative amount', () => {
    let settled = 0;
    fc.assert(
      fc.property(rulesArb, fc.string(), choicesArb, (rules, seed, choices) => {
        let debited = new Map<number, number>();
        drive(rules, seed, choices, (before, a, r) => {
          if (!r.ok) return;
          if (before.type === 'betting' && a.type === 'bet' && before.bets.length === 0) debited = new Map();
          const seat = (a as { seat?: number }).seat ?? -1;
          debited.set(seat, (debited.get(seat) ?? 0) + extraStake(before, a));
          if (r.state.type !== 'settled') return;
          settled++;
          for (const res of r.state.results) {
            assert.equal(res.staked, debited.get(res.seat), `seat ${res.seat}`);
            assert.ok(Number.isSafeInteger(res.won) && res.won >= 0 && res.won <= 3 * res.staked);
          }
          const total = r.state.results.reduce((t, x) => t + x.staked, 0);
          assert.equal(total, [...debited.entries()].filter(([k]) => k >= 0).reduce((t, [, v]) => t + v, 0));
        });
      }),
      { numRuns: 150 },
    );
    assert.ok(settled > 100, `only ${settled} rounds settled`);
  });

  it('never deals a card more often than the shoe holds it', () => {
    fc.assert(
      fc.property(rulesArb.filter((r) => r.decks > 0), fc.string(), choicesArb, (rules, seed, choices) => {
        const { events } = drive(rules, seed, choices);
        let counts = new Map<number, number>();
        let round: number[] = [];
        const add = (c: number) => {
          round.push(c);
          counts.set(c, (counts.get(c) ?? 0) + 1);
          assert.ok(counts.get(c)! <= rules.decks, `card ${c} dealt ${counts.get(c)} times from ${rules.decks} deck(s)`);
        };
        for (const e of events) {
          if (e.type === 'bet_placed') round = [];
          else if (e.type === 'shuffled') counts = new Map(round.map((c) => [c, round.filter((x) => x === c).length])); // mid-round: the table's cards stay out
          else if (e.type === 'dealt') [...e.seats.flatMap((x) => x.cards), e.dealer_up].forEach(add);
          else if (e.type === 'card' || e.type === 'dealer_card') add(e.card);
          else if (e.type === 'dealer_revealed') e.cards.slice(1).forEach(add); // the hole card, seen now
        }
      }),
      { numRuns: 150 },
    );
  });
});
