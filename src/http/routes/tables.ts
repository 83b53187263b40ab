import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Tokens } from '../../casino/auth/tokens.ts';
import type { TableDirectory } from '../../casino/lobby_channel.ts';
import type { Ledger } from '../../ledger/index.ts';
import { PitbossError } from '../../errors.ts';
import { requirePlayer } from '../auth.ts';

const RoundsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict();

export function tableRoutes(app: FastifyInstance, deps: { tokens: Tokens; tables: TableDirectory; ledger: Ledger }): void {
  app.get('/api/tables', async () => ({ tables: await deps.tables.list() }));

  // Game recall: the player's last rounds, newest first, with bets, steps, outcome and balances.
  app.get('/api/rounds', async (req) => {
    const who = await requirePlayer(req, deps.tokens);
    const q = RoundsQuery.safeParse(req.query ?? {});
    if (!q.success) throw new PitbossError('invalid_payload', q.error.issues[0]!.message);
    return { rounds: await deps.ledger.rounds.recent(who.playerId, q.data.limit) };
  });
}
