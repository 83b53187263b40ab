export { BET_TYPES, PAYOUT, RED, covered, allPlacements, type BetType } from './layout.ts';
export {
  step, newRound, nextRound, parseBets, settle, returnOf, totalStake, view, MAX_BETS_PER_ACTION, MAX_AMOUNT,
  type RouletteState, type RouletteAction, type RouletteEvent, type PlacedBet, type SeatResult, type BetError,
} from './engine.ts';
export { fairOutcome } from './fair.ts';
export { simulate } from './sim.ts';
