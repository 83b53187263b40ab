// `pitboss sim blackjack`: one seat plays basic strategy through the real engine, round
// after round from one shoe (cut card and reshuffles included), never taking insurance.
// The return is per initial bet — the convention of the published figures — so a
// doubled or split hand's extra stakes count in the result, not in the denominator.
// `--rules decks=0` selects the infinite deck whose figures game-math.md lists.
import type { SimOptions, SimResult } from '../types.ts';
import { SeededRng } from '../rng/index.ts';
import { Tally } from '../roulette/stats.ts';
import { parseRules } from './rules.ts';
import { newTable, nextRound, type BlackjackAction, type BlackjackState } from './state.ts';
import { legalActions, step } from './engine.ts';
import { basicStrategy } from './strategy.ts';

const BET = 10; // a multiple of 2 and 5: 3:2 and 6:5 blackjacks pay exactly

function must(state: BlackjackState, action: BlackjackAction, rng: SeededRng): BlackjackState {
  const r = step(state, action, rng);
  if (!r.ok) throw new Error(`simulation made an illegal move ${JSON.stringify(action)}: ${r.reason} ${r.message}`);
  return r.state;
}

export function simulate(opts: SimOptions): SimResult {
  const { machine: _ignored, ...overrides } = opts.options ?? {};
  const rules = parseRules(overrides);
  if (typeof rules === 'string') throw new Error(`bad blackjack rules: ${rules}`);
  const rng = new SeededRng(opts.seed);
  const tally = new Tally();
  let state = newTable(rules);
  for (let r = 0; r < opts.rounds; r++) {
    if (r > 0) state = nextRound(state);
    state = must(state, { type: 'bet', seat: 0, amount: BET }, rng);
    state = must(state, { type: 'deal' }, rng);
    if (state.type === 'insurance') state = must(state, { type: 'no_insurance', seat: 0 }, rng);
    while (state.type === 'playing') {
      const hand = state.seats[0]!.hands[state.turn.hand]!;
      const move = basicStrategy(rules, { cards: hand.cards, allowed: legalActions(state) }, state.dealer[0]!);
      state = must(state, { type: move, seat: 0 }, rng);
    }
    if (state.type !== 'settled') throw new Error(`round ended in ${state.type}`);
    const res = state.results[0]!;
    tally.add(1 + (res.won - res.staked) / BET);
    if (opts.onProgress && (r + 1) % 16384 === 0) opts.onProgress(r + 1);
  }
  opts.onProgress?.(opts.rounds);
  const stats = tally.stats();
  return { game: 'blackjack', rounds: opts.rounds, ...stats, bets: { main: stats } };
}
