// Staff sign-in (POST /api/admin/session), sign-out (DELETE) and the session's own view. Sign-in attempts
// are rate limited per address and per account name before any password is checked, so
// guessing is slow from one address and for one account from many; every refusal has
// the same message (casino/staff/auth.ts), and a success is audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ipKey } from '../../casino/index.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

const SignIn = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
}).strict();

export function signInRoute(app: FastifyInstance, deps: AdminDeps): void {
  app.post('/api/admin/session', async (req, reply) => {
    const body = parseOrRefuse(SignIn, req.body ?? {});
    const name = body.name.toLowerCase();
    await deps.limits?.take('sign_in', ipKey(req.ip));
    await deps.limits?.take('sign_in', `account:${name}`);
    const { token, identity } = await deps.auth.signIn(name, body.password, req.ip);
    return reply.code(201).send({ token, name: identity.name, role: identity.role, expires_at: identity.expiresAt });
  });
}

export function sessionHandlers(deps: AdminDeps): Record<'GET /api/admin/session' | 'DELETE /api/admin/session', AdminHandler> {
  return {
    'GET /api/admin/session': async ({ staff }) => ({ name: staff.name, role: staff.role, expires_at: staff.expiresAt }),
    // Sign-out: this session's token is refused from now on (others of the account go on).
    'DELETE /api/admin/session': async ({ staff }) => {
      await deps.auth.signOut(staff);
      return { signed_out: true };
    },
  };
}
