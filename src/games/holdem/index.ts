// No-Limit Texas Hold'em, 2-9 seats, as a pure engine (see engine.ts and docs/game-math.md).
export { newHand, act, step, legalActions, replayHand, type Replay } from './engine.ts';
export { parseAction } from './parse.ts';
export { fairOutcome, type HoldemFairOutcome } from './fair.ts';
export { checkOpenings, verifyOpening, type DeckCommitment, type Opening } from './commit.ts';
export { view, type HoldemView, type SeatView } from './view.ts';
export { eventAudience, type HoldemEvent, type PostKind } from './events.ts';
export { nextButton } from './seats.ts';
export { buildPots, splitPot } from './pots.ts';
export type {
  ActionType, HandConfig, HandResult, HoldemAction, HoldemState, LegalActions, PlayerResult, PlayerState, Pot, SeatConfig, ShownHand, Street,
} from './types.ts';
export { MAX_SEATS } from './types.ts';
