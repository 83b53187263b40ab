// What an operator finds on a fresh install: one progressive jackpot fed by the slot
// tables, and a daily "biggest win" tournament fed by every table. Both creations are
// idempotent (by id), so every start may call this.
import type { Ledger } from '../../ledger/index.ts';
import { CURRENCY } from '../currency.ts';

export const MEGA_JACKPOT = { id: 'mega', name: 'Mega Jackpot', currency: CURRENCY, contributionBps: 100, seed: 50_000, ceiling: 5_000_000, mustHitBy: 1_000_000 };
export const DAILY_TOURNAMENT = { id: 'daily-biggest-win', name: 'Biggest win of the day', operator: 'best' as const, sort: 'desc' as const, resetEverySeconds: 86_400 };

export async function ensurePromotions(ledger: Ledger): Promise<void> {
  const { name: _j, ...pool } = MEGA_JACKPOT;
  await ledger.jackpots.create(pool, 'startup');
  // Pools that predate secret hit points (migration 104) draw theirs before anyone plays.
  await ledger.jackpots.drawMissing('startup');
  const { name: _t, ...board } = DAILY_TOURNAMENT;
  await ledger.leaderboards.create(board);
}

export const jackpotNames: Record<string, string> = { [MEGA_JACKPOT.id]: MEGA_JACKPOT.name };
export const tournamentNames: Record<string, string> = { [DAILY_TOURNAMENT.id]: DAILY_TOURNAMENT.name };
