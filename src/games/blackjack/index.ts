export { DEFAULT_RULES, MAX_SEATS, parseRules, type BlackjackRules } from './rules.ts';
export {
  newTable, nextRound,
  type BlackjackState, type BlackjackAction, type BlackjackEvent, type PlayerMove, type Hand, type SeatState, type SeatResult, type Shoe,
} from './state.ts';
export { step, legalActions, extraStake } from './engine.ts';
export { MAX_BET } from './deal.ts';
export { view, type BlackjackView } from './view.ts';
export { basicStrategy, type StrategyHand } from './strategy.ts';
export { pointOf, valueOf, totalOf, isNatural } from './hand.ts';
export { dealerHits, handReturn, blackjackWin } from './dealer.ts';
export { dealerOutcomes, type DealerOutcome } from './odds.ts';
export { fairOutcome } from './fair.ts';
export { simulate } from './sim.ts';
