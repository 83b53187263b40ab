// The data of one No-Limit Hold'em hand. Everything here is plain JSON-able data so a
// table can journal a state, deep-compare two replays, or send a (filtered) view.
// State fields are camelCase (server-side); events and views go on the wire, so their
// fields are snake_case like the rest of the client contract (docs/protocol.md).
import type { Card } from '../cards.ts';
import type { DeckCommitment, Opening } from './commit.ts';

export const MAX_SEATS = 9;

export interface SeatConfig {
  seat: number;
  playerId: string;
  stack: number;
  /** A seated player who is not dealt in this hand (away, waiting for the big blind...). */
  sittingOut?: boolean;
}

export interface HandConfig {
  /** Index = seat number; null = empty seat. Length = table size (2..9). */
  seats: Array<SeatConfig | null>;
  button: number;
  smallBlind: number;
  bigBlind: number;
  ante?: number;
  /**
   * true (default): at a showdown with no all-in player, a hand that cannot win any pot it
   * contests is mucked unseen. false: every hand at showdown is tabled.
   */
  muckLosers?: boolean;
}

export type PlayerStatus = 'active' | 'folded' | 'all_in';

export interface PlayerState {
  seat: number;
  playerId: string;
  /** Chips behind, not yet put in. */
  stack: number;
  /** Chips put in on the current street (antes excluded: they are dead money). */
  committed: number;
  /** Chips put in during the whole hand, antes included. stack + total is constant. */
  total: number;
  hole: [Card, Card];
  status: PlayerStatus;
  /**
   * The bet level this player last acted against on this street (null: not yet acted).
   * A player may raise only if betting was reopened for them since: a full raise.
   */
  actedAt: number | null;
}

export type Street = 'preflop' | 'flop' | 'turn' | 'river';

export interface Betting {
  toAct: number;
  /** The level everyone must match this street. */
  currentBet: number;
  /** Size of the last full bet or raise this street (the big blind at the start). */
  minRaise: number;
  /** Seat of the last bet/raise this street (short all-ins included), for showdown order. */
  lastAggressor: number | null;
}

interface Common {
  tableSize: number;
  /** The button seat as used this hand; may be an empty seat (dead button, see engine.ts). */
  button: number;
  smallBlind: number;
  bigBlind: number;
  ante: number;
  muckLosers: boolean;
  /** Dealt-in players, in seat order. */
  players: PlayerState[];
  board: Card[];
  /** The whole shuffled deck, kept for audit; cards before `dealt` are out. Never shown. */
  deck: Card[];
  dealt: number;
  /** The deck's card commitment (commit.ts): only its root and the openings of shown cards leave the table. */
  commitment: DeckCommitment;
}

/**
 * The lifecycle: a betting street with someone to act, or the finished hand. There is no
 * resting showdown state: showdown asks nobody anything (mucking follows a rule, see
 * showdown.ts), so it happens inside the step that ends the betting.
 */
export type HoldemState =
  | (Common & { type: Street; betting: Betting })
  | (Common & { type: 'complete'; result: HandResult });

export type BettingState = Extract<HoldemState, { type: Street }>;

export type ActionType = 'fold' | 'check' | 'call' | 'bet' | 'raise' | 'all_in' | 'timeout';

export interface HoldemAction {
  type: ActionType;
  seat: number;
  /** bet/raise: the total to raise to on this street. */
  amount?: number;
}

export interface Pot {
  amount: number;
  /** Seats that may win this pot (not folded, contributed up to its level). */
  seats: number[];
}

export interface ShownHand {
  seat: number;
  cards: string[];
  category: string;
  description: string;
  /** The shown cards opened against the hand's commitment. */
  openings?: Opening[];
}

export interface PlayerResult {
  seat: number;
  player_id: string;
  staked: number;
  won: number;
  stack: number;
}

export interface HandResult {
  /** The root of the deck's card commitment, as published at hand_started. */
  commitment: string;
  board: string[];
  /** The board's cards opened against the commitment. */
  board_openings: Opening[];
  pots: Pot[];
  shown: ShownHand[];
  results: PlayerResult[];
}

export interface LegalActions {
  seat: number;
  toAct: boolean;
  canFold: boolean;
  canCheck: boolean;
  canCall: boolean;
  /** Chips a call adds (capped by the stack: a short call is all-in). */
  callAmount: number;
  canBet: boolean;
  canRaise: boolean;
  /** Smallest legal bet/raise total (the all-in total when that is less than a full raise). */
  minRaiseTo: number;
  maxRaiseTo: number;
}
