import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Limits, TableDirectory, Tokens } from '../../casino/index.ts';
import type { Ledger } from '../../ledger/index.ts';
import { requirePlayer } from '../auth.ts';
import { parseOrRefuse } from '../../parse.ts';

const RoundsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict();
// A limit above the maximum page is capped by the directory, not refused.
const TablesQuery = z.object({ limit: z.coerce.number().int().min(1).optional(), after: z.string().min(1).max(128).optional() }).strict();

export function tableRoutes(app: FastifyInstance, deps: { tokens: Tokens; tables: TableDirectory; ledger: Ledger; limits?: Limits }): void {
  app.get('/api/tables', async (req) => {
    return deps.tables.page(parseOrRefuse(TablesQuery, req.query ?? {}));
  });

  // Game recall: the player's last rounds, newest first, with bets, steps, outcome and balances.
  app.get('/api/rounds', async (req) => {
    const who = await requirePlayer(req, deps.tokens);
    await deps.limits?.take('read', who.playerId);
    const q = { data: parseOrRefuse(RoundsQuery, req.query ?? {}) };
    const rounds = await deps.ledger.rounds.recent(who.playerId, q.data.limit);
    // The wire speaks snake_case (docs/protocol.md); the ledger's records are camelCase.
    return {
      rounds: rounds.map((r) => ({
        round_id: r.roundId, game: r.game, table_id: r.tableId, rules_version: r.rulesVersion, currency: r.currency,
        status: r.status, resolution: r.resolution, opened_at: r.openedAt, settled_at: r.settledAt,
        bet: r.bet, stake: r.stake, payout: r.payout, jackpot_win: r.jackpotWin,
        balance_before: r.balanceBefore, balance_after: r.balanceAfter, outcome: r.outcome,
        steps: r.steps.map((st) => ({ seq: st.seq, action: st.action, events: st.events, at: st.at })),
        server_seed_hash: r.serverSeedHash, server_seed: r.serverSeed, client_seed: r.clientSeed, nonce: r.nonce, seed_reveal: r.seedReveal,
      })),
    };
  });
}
