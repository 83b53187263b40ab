// Game recall: a player's last N rounds with bet, steps, outcome, payout, jackpot award
// and balance before/after — what a lab asks a terminal to show (at least 10 rounds).
import type { Store } from '../../store/types.ts';
import { seedRevealed } from './journal.ts';
import type { JournalAction, SeedReveal } from './types.ts';

export interface RecalledRound {
  roundId: string;
  game: string;
  tableId: string;
  rulesVersion: string;
  currency: string;
  status: 'open' | 'settled';
  resolution: string | null;
  openedAt: Date;
  settledAt: Date | null;
  bet: unknown;
  stake: number;
  payout: number | null;
  jackpotWin: number;
  balanceBefore: number;
  balanceAfter: number | null;
  steps: JournalAction[];
  outcome: unknown;
  serverSeedHash: string;
  /** Revealed as the round's reveal rule says: once settled, once its seed pair is retired, or never (hold'em). */
  serverSeed: string | null;
  clientSeed: string;
  nonce: number;
  seedReveal: SeedReveal;
}

type Row = {
  id: string; game: string; table_id: string; rules_version: string; currency: string; status: 'open' | 'settled'; resolution: string | null;
  opened_at: Date; settled_at: Date | null; bet: unknown; amount: number; payout: number | null; jackpot: number | null; balance_before: number;
  balance_after: number | null; outcome: unknown; server_seed_hash: string; server_seed: string; client_seed: string; nonce: number;
  seed_reveal: SeedReveal; pair_retired: boolean | null;
};

export async function recentRounds(store: Store, playerId: string, limit = 10): Promise<RecalledRound[]> {
  const rows = await store.query<Row>(
    `SELECT r.*, s.bet, s.amount, s.balance_before, res.payout, res.balance_after,
            (SELECT sum(a.amount)::bigint FROM jackpot_awards a WHERE a.round_id = r.id AND a.player_id = $1) AS jackpot,
            p.retired_at IS NOT NULL AS pair_retired
     FROM round_player_stakes s JOIN rounds r ON r.id = s.round_id
     LEFT JOIN seed_pairs p ON p.id = r.seed_pair
     LEFT JOIN round_results res ON res.round_id = s.round_id AND res.player_id = s.player_id
     WHERE s.player_id = $1 ORDER BY r.opened_at DESC, r.id DESC LIMIT $2`,
    [playerId, Math.max(1, Math.min(limit, 500))]);
  const ids = rows.map((r) => r.id);
  const actions = await store.query<{ round_id: string; seq: number; action: unknown; events: unknown[]; created_at: Date }>(
    'SELECT round_id, seq, action, events, created_at FROM round_actions WHERE round_id = ANY($1::text[]) ORDER BY round_id, seq', [ids]);
  return rows.map((r) => ({
    roundId: r.id, game: r.game, tableId: r.table_id, rulesVersion: r.rules_version, currency: r.currency, status: r.status,
    resolution: r.resolution, openedAt: r.opened_at, settledAt: r.settled_at, bet: r.bet, stake: r.amount, payout: r.payout,
    jackpotWin: r.jackpot ?? 0, balanceBefore: r.balance_before, balanceAfter: r.balance_after,
    steps: actions.filter((a) => a.round_id === r.id).map((a) => ({ seq: a.seq, action: a.action, events: a.events, at: a.created_at })),
    outcome: r.outcome, serverSeedHash: r.server_seed_hash, serverSeed: seedRevealed(r) ? r.server_seed : null,
    clientSeed: r.client_seed, nonce: r.nonce, seedReveal: r.seed_reveal,
  }));
}
