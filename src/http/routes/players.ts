import type { FastifyInstance } from 'fastify';
import { parseOrRefuse } from '../../parse.ts';
import { z } from 'zod';
import { PitbossError } from '../../errors.ts';
import { requirePlayer } from '../auth.ts';
import { ipKey, type Limits, type PlayerDirectory, type Tokens } from '../../casino/index.ts';

const GuestBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'name must not be empty')
      .max(24, 'name must be at most 24 characters')
      .regex(/^[\p{L}\p{N} _.-]+$/u, 'name may hold letters, digits, spaces, _ . -')
      .optional(),
  })
  .strict();

export function playerRoutes(app: FastifyInstance, deps: { tokens: Tokens; players: PlayerDirectory; limits?: Limits }): void {
  app.post('/api/guests', async (req, reply) => {
    await deps.limits?.take('guest', ipKey(req.ip));
    const parsed = { data: parseOrRefuse(GuestBody, req.body ?? {}) };
    const name = parsed.data.name ?? `guest-${Math.floor(1000 + Math.random() * 9000)}`;
    const player = await deps.players.createGuest(name);
    const token = await deps.tokens.issue({ playerId: player.playerId, name: player.name });
    return reply.code(201).send({ player_id: player.playerId, name: player.name, token, balance: player.balance });
  });

  app.get('/api/me', async (req) => {
    const who = await requirePlayer(req, deps.tokens);
    await deps.limits?.take('read', who.playerId);
    const player = await deps.players.get(who.playerId);
    if (!player) throw new PitbossError('not_found', 'no such player');
    return { player_id: player.playerId, name: player.name, balance: player.balance };
  });
}
