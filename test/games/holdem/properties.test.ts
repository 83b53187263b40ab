// Random hands for 2-9 players with random stacks, blinds and antes, driven by a mix of
// legal actions and arbitrary (mostly illegal) ones, checking the invariants after every
// step and replaying each hand from its seed at the end. HOLDEM_RUNS=n runs more hands (default 400).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { cardToString } from '../../../src/games/cards.ts';
import { isReason } from '../../../src/errors.ts';
import { SeededRng } from '../../../src/games/rng/index.ts';
import { act, eventAudience, legalActions, newHand, view, type HandConfig, type HoldemAction, type HoldemEvent, type HoldemState } from '../../../src/games/holdem/index.ts';
import { verifyOpening, type Opening } from '../../../src/games/holdem/commit.ts';

const TYPES = ['fold', 'check', 'call', 'bet', 'raise', 'all_in', 'timeout', 'shove', ''] as const;

const configArb = fc
  .record({
    size: fc.integer({ min: 2, max: 9 }),
    stacks: fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom(null, 0)), { minLength: 9, maxLength: 9 }),
    away: fc.array(fc.nat(9), { minLength: 9, maxLength: 9 }),
    button: fc.nat(8),
    smallBlind: fc.integer({ min: 1, max: 10 }),
    bigExtra: fc.nat(10),
    ante: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })),
    muckLosers: fc.boolean(),
  })
  .map((r): HandConfig => {
    const seats: HandConfig['seats'] = r.stacks.slice(0, r.size).map((stack, seat) =>
      stack === null ? null : { seat, playerId: `p${seat}`, stack, ...(r.away[seat] === 0 ? { sittingOut: true } : {}) });
    // at least two players dealt in: seat the first two when the draw left too few
    if (seats.filter((x) => x && x.stack > 0 && !x.sittingOut).length < 2) {
      seats[0] = { seat: 0, playerId: 'p0', stack: 100 };
      seats[1] = { seat: 1, playerId: 'p1', stack: 100 };
    }
    return {
      seats,
      button: r.button % r.size,
      smallBlind: r.smallBlind,
      bigBlind: r.smallBlind + r.bigExtra,
      ante: r.ante,
      muckLosers: r.muckLosers,
    };
  });

const moveArb = fc.record({
  legal: fc.nat(9),
  pick: fc.nat(),
  amount: fc.oneof(fc.nat(), fc.integer({ min: -5, max: 5000 }), fc.double({ noNaN: false })),
  seat: fc.integer({ min: -1, max: 9 }),
  type: fc.constantFrom(...TYPES),
});
// An independent evaluator, to check who the engine pays at showdown.
const { Hand } = createRequire(import.meta.url)('pokersolver') as { Hand: { solve(cards: string[]): object; winners(hands: object[]): object[] } };

type Move = typeof moveArb extends fc.Arbitrary<infer M> ? M : never;

/** A legal action for the player to act, chosen by the move's numbers. */
function legalMove(s: Extract<HoldemState, { betting: unknown }>, m: Move): HoldemAction {
  const seat = s.betting.toAct;
  const l = legalActions(s, seat);
  assert.ok(l.toAct, 'the player to act must have something to do');
  const p = s.players.find((q) => q.seat === seat)!;
  const opts: HoldemAction[] = [{ type: 'fold', seat }, { type: 'timeout', seat }];
  for (let i = 0; i < 3; i++) opts.push({ type: l.canCheck ? 'check' : 'call', seat });
  if (l.canBet || l.canRaise) {
    const span = l.maxRaiseTo - l.minRaiseTo + 1;
    const amount = m.pick % 2 === 0 ? l.minRaiseTo : l.minRaiseTo + (m.pick % span);
    for (let i = 0; i < 3; i++) opts.push({ type: l.canBet ? 'bet' : 'raise', seat, amount });
  }
  if (l.canBet || l.canRaise || l.callAmount === p.stack) opts.push({ type: 'all_in', seat });
  return opts[m.pick % opts.length]!;
}

const chips = (s: HoldemState) => s.players.reduce((t, p) => t + p.stack + (s.type === 'complete' ? 0 : p.total), 0);

/** Neither the view for `viewer` nor anything else public may show a hidden card. */
function checkNoLeak(s: HoldemState, viewer: number | null, publicEvents: HoldemEvent[]): void {
  const shown = new Set(s.type === 'complete' ? s.result.shown.map((h) => h.seat) : []);
  const secret = [
    ...s.players.filter((p) => p.seat !== viewer && !shown.has(p.seat)).flatMap((p) => p.hole),
    ...s.deck.slice(s.dealt).filter((c) => !s.board.includes(c)),
  ].map((c) => `"${cardToString(c)}"`);
  const seen = JSON.stringify(view(s, viewer));
  assert.ok(!secret.some((c) => seen.includes(c)), 'the view shows no hidden card and no deck card');
  const pub = JSON.stringify(publicEvents);
  const hiddenHoles = s.players.filter((p) => !shown.has(p.seat)).flatMap((p) => p.hole).map((c) => `"${cardToString(c)}"`);
  assert.ok(!hiddenHoles.some((c) => pub.includes(c)), 'public events show no unshown hole card');
  // Openings: each verifies against the root, and only board, shown and own cards are opened.
  const mayOpen = new Set([...s.board, ...s.players.filter((p) => p.seat === viewer || shown.has(p.seat)).flatMap((p) => p.hole)].map((c) => s.deck.indexOf(c)));
  const openings: Opening[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      if ('salt' in v && 'path' in v) openings.push(v as Opening);
      else Object.values(v).forEach(collect);
    }
  };
  collect([view(s, viewer), publicEvents]);
  for (const o of openings) {
    assert.ok(verifyOpening(s.commitment.root, o), 'every opening verifies against the root');
    assert.ok(mayOpen.has(o.position), `position ${o.position} may not be opened to seat ${viewer}`);
  }
}

function checkInvariants(s: HoldemState, initial: number): void {
  assert.equal(chips(s), initial, 'chips are conserved');
  assert.deepEqual([...s.deck].sort((a, b) => a - b), Array.from({ length: 52 }, (_, i) => i), 'the deck is one whole deck');
  const seen = [...s.players.flatMap((p) => p.hole), ...s.board];
  assert.equal(new Set(seen).size, seen.length, 'no card is dealt twice');
  assert.ok(seen.every((c) => s.deck.indexOf(c) < s.dealt), 'every card in play came off the deck');
  assert.ok(s.players.every((p) => p.stack >= 0 && p.committed >= 0 && Number.isSafeInteger(p.stack)));
  const boardSize = { preflop: 0, flop: 3, turn: 4, river: 5 } as Record<string, number>;
  if (s.type === 'complete') return;
  assert.equal(s.board.length, boardSize[s.type]);
  assert.ok(s.players.every((p) => p.status === 'folded' || (p.status === 'all_in') === (p.stack === 0)), 'all-in means no chips behind');
  assert.equal(s.players.find((p) => p.seat === s.betting.toAct)?.status, 'active', 'the player to act can act');
}

interface Played { config: HandConfig; seed: string; accepted: HoldemAction[]; state: HoldemState; events: HoldemEvent[] }

function playHand(config: HandConfig, seed: string, moves: Move[]): Played {
  const r = newHand(config, new SeededRng(seed));
  if (!r.ok) assert.fail(`newHand rejected ${r.reason}: ${r.message}`);
  const initial = config.seats.reduce((t, x) => t + (x && !x.sittingOut ? x.stack : 0), 0);
  let state = r.state;
  const events = [...r.events];
  const accepted: HoldemAction[] = [];
  checkInvariants(state, initial);
  let i = 0;
  // After the random moves run out, timeouts (check or fold) must finish any hand quickly.
  for (let steps = 0; state.type !== 'complete'; steps++) {
    assert.ok(steps < moves.length + 9 * 5 * 2, 'the hand terminates');
    const m = moves[i++];
    const wantLegal = m === undefined || m.legal < 7;
    const a: HoldemAction = m === undefined ? { type: 'timeout', seat: state.betting.toAct }
      : wantLegal ? legalMove(state, m)
      : ({ type: m.type, seat: m.seat, amount: m.amount } as HoldemAction);
    const before = structuredClone(state);
    const res = act(state, a);
    if (!res.ok) {
      assert.ok(!wantLegal, `legal ${JSON.stringify(a)} rejected: ${res.reason} ${res.message}`);
      assert.ok(isReason(res.reason), `${res.reason} is in the error catalogue`);
      assert.deepEqual(state, before, 'a rejected action changes nothing');
      continue;
    }
    assert.deepEqual(before, state, 'act never mutates its input');
    accepted.push(a);
    state = res.state;
    events.push(...res.events);
    checkInvariants(state, initial);
    checkNoLeak(state, state.type === 'complete' ? null : state.betting.toAct, events.filter((e) => eventAudience(e) === null));
  }
  if (state.type !== 'complete') throw new Error('unreachable');
  const { results } = state.result;
  assert.equal(results.reduce((t, x) => t + x.won, 0), results.reduce((t, x) => t + x.staked, 0), 'every pot is paid out');
  for (const x of results) {
    const start = config.seats[x.seat]!.stack;
    assert.equal(x.stack, start - x.staked + x.won, `seat ${x.seat} stack adds up`);
  }
  assert.equal(events.at(-1)!.type, 'hand_ended');
  const end = state;
  if (events.some((e) => e.type === 'showdown')) {
    for (const e of events) {
      if (e.type !== 'pot_awarded') continue;
      const pot = end.result.pots[e.pot]!;
      const hands = pot.seats.map((seat) => {
        const p = end.players.find((q) => q.seat === seat)!;
        return Hand.solve([...p.hole, ...end.board].map(cardToString));
      });
      const best = Hand.winners(hands).map((h) => pot.seats[hands.indexOf(h)]);
      assert.deepEqual(e.winners.map((w) => w.seat).sort(), best.sort(), `pot ${e.pot} goes to the best hands`);
      const shares = e.winners.map((w) => w.amount);
      assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, 'a split differs by at most the odd chip');
    }
  }
  return { config, seed, accepted, state, events };
}

describe('hold’em properties', () => {
  it('conserves chips, deals no card twice, rejects illegal actions without change, pays the best hands, and terminates', () => {
    fc.assert(
      fc.property(configArb, fc.string(), fc.array(moveArb, { maxLength: 120 }), (config, seed, moves) => {
        playHand(config, seed, moves);
      }),
      { numRuns: Number(process.env.HOLDEM_RUNS ?? 400) },
    );
  });

  it('replays a hand exactly from the same seed and the same actions', () => {
    fc.assert(
      fc.property(configArb, fc.string(), fc.array(moveArb, { maxLength: 80 }), (config, seed, moves) => {
        const first = playHand(config, seed, moves);
        const r = newHand(config, new SeededRng(seed));
        assert.ok(r.ok);
        let state = r.state;
        const events = [...r.events];
        for (const a of first.accepted) {
          const next = act(state, a);
          assert.ok(next.ok, 'a journaled action is accepted again');
          state = next.state;
          events.push(...next.events);
        }
        assert.deepEqual(state, first.state);
        assert.deepEqual(events, first.events);
      }),
      { numRuns: Math.ceil(Number(process.env.HOLDEM_RUNS ?? 400) / 3) },
    );
  });
});
