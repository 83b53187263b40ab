// What games with a list of bets per seat share (roulette, baccarat): the refusal of one
// bet in a list, and settling a round's bets seat by seat.
import { ruleError, type RuleError, type StepResult } from './types.ts';

export interface SeatResult {
  seat: number;
  staked: number;
  /** everything paid back to the seat (stakes of winning bets plus their winnings) */
  won: number;
}

/** A refused bet list names the offending bet (its index) and a snake_case detail. */
export type BetError = RuleError & { bet_index?: number; detail?: string };

export const betError = (i: number | undefined, detail: string): BetError => ({
  ...ruleError('invalid_payload', `invalid bet${i === undefined ? ' list' : ` #${i}`}: ${detail}`),
  ...(i === undefined ? {} : { bet_index: i }),
  detail,
});

/** Each seat's total stake and total return, in seat order. */
export function settleBySeat<B extends { seat: number; amount: number }>(bets: readonly B[], returnOf: (b: B) => number): SeatResult[] {
  const bySeat = new Map<number, SeatResult>();
  for (const b of bets) {
    const r = bySeat.get(b.seat) ?? { seat: b.seat, staked: 0, won: 0 };
    r.staked += b.amount;
    r.won += returnOf(b);
    bySeat.set(b.seat, r);
  }
  return [...bySeat.values()].sort((a, b) => a.seat - b.seat);
}

/** A seat's `bet` action while betting is open: every bet in the list is placed, or none. */
export function placeBets<B, S extends { bets: readonly B[] }>(
  state: S, seat: number, raw: unknown, parse: (seat: number, raw: unknown) => B[] | BetError,
): StepResult<S, { type: 'bets_placed'; seat: number; bets: B[] }> {
  if (!Number.isSafeInteger(seat) || seat < 0) return ruleError('invalid_payload', 'seat must be a non-negative integer');
  const bets = parse(seat, raw);
  if (!Array.isArray(bets)) return bets;
  return { ok: true, state: { ...state, bets: [...state.bets, ...bets] }, events: [{ type: 'bets_placed', seat, bets }] };
}
