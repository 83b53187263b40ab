// Bearer-token guard for HTTP routes.
import type { FastifyRequest } from 'fastify';
import type { Identity, Tokens } from '../casino/index.ts';
import { PitbossError } from '../errors.ts';

export async function requirePlayer(req: FastifyRequest, tokens: Tokens): Promise<Identity> {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw new PitbossError('unauthorized', 'send `authorization: Bearer <token>`');
  return tokens.verify(m[1]);
}
