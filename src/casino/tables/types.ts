// The contract between a table process (room.ts) and a game adapter (casino/adapters/*).
// An adapter is pure — (state, input, rng) → result — like the engines it wraps; the room
// owns everything impure: money (ledger), RNG seeds, timers, journal, broadcast.
//
// Money before outcome: an adapter that needs stakes asks for them with an `open_round`
// or `add_stake` effect and a trailing `continue`; the room commits the stakes to escrow
// first and only then calls the adapter again with {type:'continue'} and the round's
// Rng, so no outcome is drawn before the wager is taken (GLI-19). An instant adapter
// (slots) says the same in one call: `play` names the stake, and the `draw` it returns
// needs the round's Rng, which the room makes only once the round's seeds are drawn.
import type { Rng } from '../../games/rng/types.ts';
import type { RuleError } from '../../games/types.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { ActionSchemas } from './actions.ts';

export type GameId = 'slots' | 'roulette' | 'blackjack' | 'baccarat' | 'holdem';

export interface TableConfig {
  id: string;
  game: GameId;
  name: string;
  seats: number;
  minBet: number;
  maxBet: number;
  /** false: a single-player table (slots, roulette unless shared) */
  shared: boolean;
  /** game options: slot machine id, blackjack rules, betting window ... */
  options: Record<string, unknown>;
  /** closes by itself when idle (on-demand tables); default tables stay */
  ephemeral: boolean;
  /** the hall configuration version of the settings in force (casino/config; absent or 0: built in) */
  configVersion?: number;
}

/** A game's runtime settings as a table takes them (casino/config/settings.ts makes them). */
export interface AppliedSettings {
  version: number;
  minBet: number;
  maxBet: number;
  /** merged over the table's options (slots: machine; roulette, baccarat: max_per_bet) */
  options: Record<string, unknown>;
}

/** Where tables read their game's current settings, and hear that they changed (casino/config/book.ts). */
export interface SettingsSource {
  of(game: GameId): AppliedSettings | null;
  onChange(fn: (games: GameId[]) => void): () => void;
}

export interface Seat {
  seat: number;
  playerId: string;
  name: string;
}

/** A public table event; the room adds `seq`. Hidden information never goes in one. */
export interface TableEvent {
  type: string;
  [k: string]: unknown;
}

export interface Stake {
  playerId: string;
  amount: number;
  bet: unknown;
  /** stake from the player's table chips (hold'em) instead of the wallet */
  fromChips?: boolean;
}

export type Effect =
  /** Start a journaled round: seeds are drawn, stakes move to escrow. */
  | { type: 'open_round'; stakes: Stake[] }
  /** Another stake into the open round (a further bet, a double, a split, insurance). */
  | { type: 'add_stake'; stake: Stake }
  /** Journal the determined outcome (recovery then completes the round instead of refunding). */
  | { type: 'record_outcome'; outcome: JsonObject; payouts: Record<string, number> }
  /** Settle in one ledger transaction; the room emits the `settled` event with the results. */
  | { type: 'settle'; outcome: JsonObject; payouts: Record<string, number> }
  /** Wallet → table chips (hold'em buy-in); insufficient_funds refuses the seat. */
  | { type: 'buy_in'; playerId: string; amount: number }
  /** Table chips → wallet, the whole stack. */
  | { type: 'cash_out'; playerId: string }
  | { type: 'timer'; name: string; ms: number }
  | { type: 'cancel_timer'; name: string }
  /** After the effects before it succeed, feed {type:'continue'} back with the round's Rng. */
  | { type: 'continue' };

export type ActInput = { type: 'act'; playerId: string; seat: number | null; payload: JsonObject };

export type Input =
  | ActInput
  | { type: 'timer'; name: string }
  | { type: 'continue' }
  /** A seat was taken or given up (the room keeps the seat map; games may react). */
  | { type: 'seated'; seat: Seat; buyIn?: number; chips: number }
  | { type: 'unseated'; seat: Seat };

export interface Handled<S> {
  ok: true;
  state: S;
  events: TableEvent[];
  effects: Effect[];
  /** the `ok` reply to the act push (merged with round_id/balance by the room) */
  reply?: JsonObject;
}

export interface GameContext {
  config: TableConfig;
  seats: ReadonlyMap<number, Seat>;
  /** the open round's id, when one is open */
  roundId: string | null;
  /** seated players with no channel at the table: they sit out — not dealt in, not waited for */
  away?: ReadonlySet<string>;
}

/** How long the clock waits for a seated player who is away: a short allowance for a reconnect, not a full turn. */
export const AWAY_TURN_MS = 2000;

/** What every adapter has, however its rounds are played. */
interface GameBase<S> {
  readonly game: GameId;
  /** stamped on every round (lab requirement: the rules version in force) */
  readonly rulesVersion: string;
  /**
   * The actions a client may send and the strict schema of each one's fields: the table
   * channel refuses anything else before the table sees it (tables/actions.ts).
   */
  readonly actions: ActionSchemas;
  init(config: TableConfig): S;
  /** What `viewer` may see (null: a spectator). Never another player's hidden cards or the deck. */
  view(state: S, viewer: string | null, ctx: GameContext): JsonObject;
  /**
   * `view` ignores its viewer: every member sees the same (no hidden cards), so the table
   * makes and encodes it once per change instead of once per member (tables/views.ts).
   * Leave it out when any viewer may see something another may not.
   */
  readonly publicView?: true;
  /** A round is in progress: the table must not close, seats are held. */
  busy(state: S): boolean;
  /**
   * The state a game keeps of its config (slots: the machine), made again from a new
   * config. Called only between rounds (tables/room.ts); games that read their config
   * from the context at every step leave it out.
   */
  reconfigure?(state: S, config: TableConfig): S;
}

/**
 * A game whose rounds unfold step by step: every input goes through `handle`, and the room
 * carries out the effects it asks for, in order (tables/effects.ts).
 */
export interface SteppedGame<S> extends GameBase<S> {
  readonly type: 'stepped';
  /** `rng` is the open round's provably fair stream, or null when no round is open. */
  handle(state: S, input: Input, rng: Rng | null, ctx: GameContext): Handled<S> | RuleError;
  /**
   * The input the turn clock would feed next (blackjack: stand, decline insurance;
   * hold'em: check or fold), or null when the round has drawn nothing yet. An interrupted
   * round is completed with these defaults from its journal — never refunded once its
   * outcome is drawn (GLI-19 §4.16) — and refunded only where this is null.
   */
  clock?(state: S): Input | null;
  /**
   * Journal the game's state with the step that opens a round, so the round can be
   * replayed through this adapter (games whose rounds depend on earlier ones: the
   * hold'em button, for one). Games with their own replayer leave it off.
   */
  readonly journalState?: boolean;
}

/**
 * A game whose every round is one player's stake and one draw (slots): the room plays it
 * as one batched ledger unit (tables/instant.ts). It reacts to acts only — seats taken or
 * given up and timers are nothing to it — and never leaves a round open.
 */
export interface InstantGame<S> extends GameBase<S> {
  readonly type: 'instant';
  /** The act's stake, or a refusal. Nothing is drawn yet: `draw` waits for the round's seeds. */
  play(state: S, act: ActInput, ctx: GameContext): InstantPlay<S> | RuleError;
}

export interface InstantPlay<S> {
  ok: true;
  /** the acting player's stake, from their wallet */
  stake: { amount: number; bet: unknown };
  /** The round, drawn from its provably fair stream; the state it leaves has no round open. */
  draw(rng: Rng): InstantDraw<S> | RuleError;
}

export interface InstantDraw<S> {
  ok: true;
  state: S;
  events: TableEvent[];
  outcome: JsonObject;
  /** what the round pays the acting player (0: nothing) */
  payout: number;
  /** the `ok` reply to the act push (merged with round_id/balance by the room) */
  reply?: JsonObject;
}

export type TableGame<S> = SteppedGame<S> | InstantGame<S>;
