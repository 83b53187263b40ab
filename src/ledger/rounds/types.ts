// Shapes of the round journal, shared by the journal, settlement, recovery, recall and replay.
import type { HitCommitment, HitPointSource, HitReveal } from '../jackpot_draw.ts';

export interface Seeds {
  serverSeed: string;
  clientSeed: string;
  nonce: number;
  /** The seed pair the round is drawn under (seed_pairs.ts); absent: seeds of its own. */
  pair?: string;
  /** When the server seed may be shown (default `settled`). */
  reveal?: SeedReveal;
}

/**
 * `settled`: with the round's settlement (a server seed used once); `retired`: once the
 * round's seed pair is rotated (the seed draws the pair's other rounds too); `never`:
 * hold'em, whose cards are opened one by one against a commitment instead.
 */
export type SeedReveal = 'settled' | 'retired' | 'never';

export interface Stake {
  player: string;
  amount: number;
  /** Where the stake comes from and the payout goes (default: the player's wallet), e.g. table chips. */
  account?: string;
  /** Game-specific bet description (e.g. {pick: 'high'}), journaled as JSON. */
  bet?: unknown;
}

export interface OpenRoundRequest {
  roundId: string;
  game: string;
  tableId: string;
  rulesVersion: string;
  currency: string;
  seeds: Seeds;
  stakes: Stake[];
  /** Progressive pool the stakes contribute to at settlement. */
  jackpotPool?: string;
  /** The acting player's action key, claimed in this transaction before any money moves (ledger/action_keys.ts). */
  claim?: { player: string; key: string; tableId: string };
  /** The step that staked, journaled in this transaction, and its answer kept under `claim`: see StepWrite. */
  step?: StepWrite;
}

/**
 * What else a stake's transaction writes when the step that staked does nothing else (a
 * bet): the step's journal row and, for a keyed act, the answer the client gets with the
 * balance the stake left — one transaction for the whole act instead of three or four.
 */
export interface StepWrite {
  journal: { action: unknown; events: unknown[] };
  /** The act's reply without `balance`; kept as its key's answer (needs `claim`). */
  answer?: Record<string, unknown>;
}

/** Player id → amount paid back to the player from escrow (0 for a loss). */
export type Payouts = Record<string, number>;

export interface Outcome {
  outcome: unknown;
  payouts: Payouts;
}

export type Resolution = 'normal' | 'completed' | 'refunded' | 'best_of';

export interface JournalStake {
  player: string;
  amount: number;
  bet: unknown;
  balanceBefore: number;
}

export interface JournalAction {
  seq: number;
  action: unknown;
  events: unknown[];
  at: Date;
}

export interface RoundResult {
  player: string;
  stake: number;
  payout: number;
  balanceBefore: number;
  balanceAfter: number;
}

export interface RoundJournal {
  id: string;
  game: string;
  tableId: string;
  rulesVersion: string;
  currency: string;
  nodeId: string;
  status: 'open' | 'settled';
  resolution: Resolution | null;
  serverSeedHash: string;
  /** Revealed as `seedReveal` says (settled; pair retired; never); always when loaded for replay by staff. */
  serverSeed: string | null;
  clientSeed: string;
  nonce: number;
  seedPair: string | null;
  seedReveal: SeedReveal;
  jackpotPool: string | null;
  stakes: JournalStake[];
  actions: JournalAction[];
  /** The outcome as soon as the game determined it (before or at settlement). */
  recorded: Outcome | null;
  results: RoundResult[];
  openedAt: Date;
  settledAt: Date | null;
}

export interface SettleResult {
  roundId: string;
  resolution: Resolution;
  results: RoundResult[];
  /** A jackpot this round won: the cycle's hit point revealed, and the next cycle's commitment. */
  jackpot: { pool: string; player: string; amount: number; cycle: number; reveal: HitReveal | null; next: HitCommitment | null } | null;
  /** true when the round had been settled before and this is that settlement again. */
  replayed: boolean;
}

/** Settings the round functions need from the ledger that runs them. */
export interface RoundContext {
  nodeId: string;
  /** A payout at or above this many minor units is audited as a large win. */
  largeWin: number;
  /** Where must-hit-by hit points come from (default: the OS CSPRNG); tests pass a deterministic one. */
  hitPoints?: HitPointSource;
  /** Cluster mode: the fencing token this node writes a table's rounds under (fences.ts); absent or null: unfenced. */
  fenceOf?: (tableId: string) => number | null;
  /** The action keys' clock, for keys claimed in a round's own transaction (ledger/action_keys.ts). */
  keyTimes?: () => { now: string; cutoff: string };
}
