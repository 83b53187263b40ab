// Roulette round as a pure state machine: betting → settled. `step` never mutates its
// input; a rejected action returns a RuleError and the caller keeps the old state.
// Amounts are integers in minor units; the table layer checks balances and min/max
// (per bet `amount`, or `totalStake`) before it calls `step`.
import type { Rng, StepResult, RuleError } from '../types.ts';
import { betError, placeBets, settleBySeat, type BetError, type SeatResult } from '../bets.ts';
import { ruleError } from '../types.ts';
import { BET_TYPES, PAYOUT, covered, type BetType } from './layout.ts';

export const MAX_BETS_PER_ACTION = 100;
/** Keeps 36 × stake far inside the safe-integer range. */
export const MAX_AMOUNT = 1e12;

export interface PlacedBet {
  seat: number;
  type: BetType;
  /** the pockets the bet covers (dozen [1] becomes its 12 numbers) */
  covers: number[];
  amount: number;
}


export type RouletteState =
  | { type: 'betting'; round: number; bets: readonly PlacedBet[] }
  | { type: 'settled'; round: number; bets: readonly PlacedBet[]; number: number; results: SeatResult[] };

export type RouletteAction = { type: 'bet'; seat: number; bets: unknown } | { type: 'spin' };

export type { BetError, SeatResult };

export type RouletteEvent =
  | { type: 'bets_placed'; seat: number; bets: PlacedBet[] }
  | { type: 'spun'; number: number }
  | { type: 'settled'; outcome: { number: number }; results: SeatResult[] };


export const newRound = (round = 1): RouletteState => ({ type: 'betting', round, bets: [] });
export const nextRound = (s: RouletteState): RouletteState => newRound(s.round + 1);

const isPositiveAmount = (a: unknown): a is number => typeof a === 'number' && Number.isSafeInteger(a) && a > 0 && a <= MAX_AMOUNT;

/** Parses a client's `bets` list; every bet must be well formed or the whole list is refused. */
export function parseBets(seat: number, raw: unknown): PlacedBet[] | BetError {
  const bad = betError;
  if (!Array.isArray(raw) || raw.length === 0) return bad(undefined, 'bets_must_be_a_non_empty_array');
  if (raw.length > MAX_BETS_PER_ACTION) return bad(undefined, 'too_many_bets');
  const out: PlacedBet[] = [];
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null) return bad(i, 'not_an_object');
    if (!(BET_TYPES as readonly unknown[]).includes(b.type)) return bad(i, 'unknown_type');
    if (!isPositiveAmount(b.amount)) return bad(i, 'amount_must_be_a_positive_integer');
    if (b.numbers !== undefined && !Array.isArray(b.numbers)) return bad(i, 'numbers_must_be_an_array');
    const covers = covered(b.type as BetType, b.numbers as number[] | undefined);
    if (typeof covers === 'string') return bad(i, covers);
    out.push({ seat, type: b.type as BetType, covers, amount: b.amount });
  }
  return out;
}

export const totalStake = (bets: readonly PlacedBet[]): number => bets.reduce((t, b) => t + b.amount, 0);

/** What a bet pays back when `pocket` comes up (0 if it loses). */
export const returnOf = (b: PlacedBet, pocket: number): number => (b.covers.includes(pocket) ? b.amount * (PAYOUT[b.type] + 1) : 0);

export function settle(bets: readonly PlacedBet[], pocket: number): SeatResult[] {
  return settleBySeat(bets, (b) => returnOf(b, pocket));
}

export function step(state: RouletteState, action: RouletteAction, rng: Rng): StepResult<RouletteState, RouletteEvent> {
  if (state.type !== 'betting') return ruleError('round_closed', 'the wheel has spun; wait for the next round');
  switch (action.type) {
    case 'bet':
      return placeBets(state, action.seat, action.bets, parseBets);
    case 'spin': {
      const number = rng.int(37);
      const results = settle(state.bets, number);
      return {
        ok: true,
        state: { type: 'settled', round: state.round, bets: state.bets, number, results },
        events: [{ type: 'spun', number }, { type: 'settled', outcome: { number }, results }],
      };
    }
    default:
      return ruleError('invalid_action', `unknown roulette action ${JSON.stringify((action as { type?: unknown }).type)}`);
  }
}

/** Roulette hides nothing: every player sees the same state. */
export type RouletteView = Omit<RouletteState, 'type'> & { /** the round's phase; the client contract calls it `tag` */ tag: RouletteState['type'] };
export const view = ({ type, ...rest }: RouletteState): RouletteView => ({ tag: type, ...rest }) as RouletteView;
