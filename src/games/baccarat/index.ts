export { playCoup, bankerDraws, pointOf, totalOf, type Coup, type Winner } from './rules.ts';
export { SIDES, returnOf, type Side } from './payouts.ts';
export {
  step, newRound, nextRound, parseBets, settle, dealCoup, outcomeOf, view, DECKS, MAX_AMOUNT,
  type BaccaratState, type BaccaratAction, type BaccaratEvent, type BaccaratBet, type SeatResult, type Outcome, type BetError,
} from './engine.ts';
export { exactOdds, ratio, type ExactOdds } from './exact.ts';
export { fairOutcome } from './fair.ts';
export { simulate } from './sim.ts';
