// The blackjack engine's one entry point: `(state, action, rng) → {state, events} | RuleError`.
// Pure: no I/O, no clock; all randomness comes from `rng`, so a table journals the
// actions and replays a round exactly. Errors use the catalogue's reasons:
// invalid_payload (malformed), invalid_action (not allowed now), not_your_turn, round_closed.
import type { Rng, StepResult } from '../types.ts';
import { ruleError } from '../types.ts';
import type { BlackjackAction, BlackjackEvent, BlackjackState } from './state.ts';
import { decideInsurance, deal, placeBet } from './deal.ts';
import { applyMove, legalMoves } from './play.ts';
import { openWork } from './work.ts';

const MOVES = new Set(['hit', 'stand', 'double', 'split', 'surrender']);

export function step(state: BlackjackState, action: BlackjackAction, rng: Rng): StepResult<BlackjackState, BlackjackEvent> {
  const type = (action as { type?: unknown }).type;
  if (state.type === 'settled') return ruleError('round_closed', 'the round is settled; wait for the next one');
  if (type === 'bet') return state.type === 'betting' ? placeBet(state, (action as { seat: number }).seat, (action as { amount: number }).amount) : ruleError('round_closed', 'betting is closed');
  if (type === 'deal') return state.type === 'betting' ? deal(state, rng) : ruleError('invalid_action', 'the cards are already dealt');
  if (type === 'insurance' || type === 'no_insurance') {
    if (state.type !== 'insurance') return ruleError('invalid_action', 'insurance is not on offer');
    return decideInsurance(state, (action as { seat: number }).seat, type === 'insurance', rng);
  }
  if (typeof type !== 'string' || !MOVES.has(type)) return ruleError('invalid_action', `unknown blackjack action ${JSON.stringify(type)}`);
  if (state.type !== 'playing') return ruleError('invalid_action', `cannot ${type} now`);
  if ((action as { seat: number }).seat !== state.turn.seat) return ruleError('not_your_turn', 'it is another seat\u2019s turn');
  const w = openWork(state, rng);
  const next = applyMove(w, state.turn, type as Parameters<typeof applyMove>[2]);
  if ('ok' in next) return next;
  return { ok: true, state: next, events: w.events };
}

/** The moves open to the seat whose turn it is (empty outside the players' turns). */
export function legalActions(state: BlackjackState): Set<string> {
  if (state.type !== 'playing') return new Set();
  const seat = state.seats.find((s) => s.seat === state.turn.seat)!;
  return legalMoves(state.rules, seat, seat.hands[state.turn.hand]!);
}

/**
 * What an action would add to the seat's stake, for the table to debit (and check the
 * balance) before calling `step`: the bet, a double, a split, or insurance.
 */
export function extraStake(state: BlackjackState, action: BlackjackAction): number {
  if (action.type === 'bet') return action.amount;
  if (action.type === 'insurance' && state.type === 'insurance') return Math.floor((state.seats.find((s) => s.seat === action.seat)?.bet ?? 0) / 2);
  if ((action.type === 'double' || action.type === 'split') && state.type === 'playing' && action.seat === state.turn.seat) {
    return state.seats.find((s) => s.seat === action.seat)!.hands[state.turn.hand]!.stake;
  }
  return 0;
}
