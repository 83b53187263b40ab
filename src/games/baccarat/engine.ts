// Baccarat round as a pure state machine: betting → settled. `deal` shuffles a fresh
// 8-deck shoe with the round's rng and plays one coup from its first cards (a
// continuous-shuffle shoe: every coup has the exact odds of a full shoe's first coup).
// The table layer checks balances and min/max on each bet before calling `step`.
import type { Rng, RuleError, StepResult } from '../types.ts';
import { betError, placeBets, settleBySeat, type BetError, type SeatResult } from '../bets.ts';
import { ruleError } from '../types.ts';
import { freshDeck } from '../cards.ts';
import { shuffle } from '../rng/index.ts';
import { playCoup, type Coup } from './rules.ts';
import { SIDES, returnOf, type Side } from './payouts.ts';

export const DECKS = 8;
/** Keeps 12 × stake far inside the safe-integer range. */
export const MAX_AMOUNT = 1e12;

export interface BaccaratBet {
  seat: number;
  on: Side;
  amount: number;
}


export type BaccaratState =
  | { type: 'betting'; round: number; bets: readonly BaccaratBet[] }
  | { type: 'settled'; round: number; bets: readonly BaccaratBet[]; coup: Coup; results: SeatResult[] };

export type BaccaratAction = { type: 'bet'; seat: number; bets: unknown } | { type: 'deal' };

export interface Outcome {
  player: number;
  banker: number;
  winner: Coup['winner'];
  player_cards: number[];
  banker_cards: number[];
}

export type { BetError, SeatResult };

export type BaccaratEvent =
  | { type: 'bets_placed'; seat: number; bets: BaccaratBet[] }
  | { type: 'settled'; outcome: Outcome; results: SeatResult[] };


export const newRound = (round = 1): BaccaratState => ({ type: 'betting', round, bets: [] });
export const nextRound = (s: BaccaratState): BaccaratState => newRound(s.round + 1);

export function parseBets(seat: number, raw: unknown): BaccaratBet[] | BetError {
  const bad = betError;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > SIDES.length) return bad(undefined, 'bets_must_be_a_list_of_1_to_5');
  const out: BaccaratBet[] = [];
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null) return bad(i, 'not_an_object');
    if (!(SIDES as readonly unknown[]).includes(b.on)) return bad(i, 'unknown_side');
    const a = b.amount;
    if (typeof a !== 'number' || !Number.isSafeInteger(a) || a <= 0 || a > MAX_AMOUNT) return bad(i, 'amount_must_be_a_positive_integer');
    out.push({ seat, on: b.on as Side, amount: a });
  }
  return out;
}

export const outcomeOf = (c: Coup): Outcome => ({
  player: c.playerTotal, banker: c.bankerTotal, winner: c.winner, player_cards: c.player, banker_cards: c.banker,
});

export function settle(bets: readonly BaccaratBet[], coup: Coup): SeatResult[] {
  return settleBySeat(bets, (b) => returnOf(b.on, b.amount, coup));
}

/** The coup from the first cards of a freshly shuffled 8-deck shoe. */
export function dealCoup(rng: Rng): Coup {
  const shoe = shuffle(rng, freshDeck(DECKS));
  let next = 0;
  return playCoup(() => shoe[next++]!);
}

export function step(state: BaccaratState, action: BaccaratAction, rng: Rng): StepResult<BaccaratState, BaccaratEvent> {
  if (state.type !== 'betting') return ruleError('round_closed', 'the coup has been dealt; wait for the next round');
  switch (action.type) {
    case 'bet':
      return placeBets(state, action.seat, action.bets, parseBets);
    case 'deal': {
      const coup = dealCoup(rng);
      const results = settle(state.bets, coup);
      return {
        ok: true,
        state: { type: 'settled', round: state.round, bets: state.bets, coup, results },
        events: [{ type: 'settled', outcome: outcomeOf(coup), results }],
      };
    }
    default:
      return ruleError('invalid_action', `unknown baccarat action ${JSON.stringify((action as { type?: unknown }).type)}`);
  }
}

/** Baccarat hides nothing once dealt and the shoe is never stored: every player sees the same state. */
export type BaccaratView = Omit<BaccaratState, 'type'> & { /** the round's phase; the client contract calls it `tag` */ tag: BaccaratState['type'] };
export const view = ({ type, ...rest }: BaccaratState): BaccaratView => ({ tag: type, ...rest }) as BaccaratView;
