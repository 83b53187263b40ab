// The admin API's route table: every route under /api/admin with the one permission it
// needs, as data. The plugin registers exactly these, each behind the guard (guard.ts);
// a route added under /api/admin any other way stops the server at start (onRoute
// below), so no route can miss the guard. test/ops/admin_api.test.ts walks this table
// and checks 401 and 403 for every route.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, StaffIdentity } from '../../casino/index.ts';
import { requireStaff } from './guard.ts';
import type { AdminDeps } from './deps.ts';
import { sessionHandlers, signInRoute } from './session.ts';
import { tableHandlers } from './tables.ts';
import { auditHandlers } from './audit.ts';
import { peopleHandlers } from './people.ts';
import { availabilityHandlers } from './availability.ts';
import { configHandlers } from './config.ts';

export const ADMIN_PREFIX = '/api/admin/';

export const ADMIN_ROUTES = [
  { method: 'GET', url: '/api/admin/session', permission: 'session.view' },
  { method: 'GET', url: '/api/admin/tables', permission: 'tables.view' },
  { method: 'POST', url: '/api/admin/tables/:id/drain', permission: 'tables.drain' },
  { method: 'GET', url: '/api/admin/players', permission: 'players.view' },
  { method: 'GET', url: '/api/admin/staff', permission: 'staff.view' },
  { method: 'GET', url: '/api/admin/system', permission: 'system.view' },
  { method: 'GET', url: '/api/admin/alerts', permission: 'alerts.view' },
  { method: 'GET', url: '/api/admin/audit', permission: 'audit.view' },
  { method: 'GET', url: '/api/admin/audit/export', permission: 'audit.export' },
  { method: 'GET', url: '/api/admin/audit/verify', permission: 'audit.verify' },
  { method: 'GET', url: '/api/admin/availability', permission: 'availability.view' },
  { method: 'GET', url: '/api/admin/config', permission: 'config.view' },
  { method: 'PUT', url: '/api/admin/config/games/:game', permission: 'config.change' },
  { method: 'PUT', url: '/api/admin/config/jackpots/:id', permission: 'config.change' },
  { method: 'GET', url: '/api/admin/config/history', permission: 'config.view' },
  { method: 'GET', url: '/api/admin/config/terminals', permission: 'config.view' },
] as const satisfies ReadonlyArray<{ method: 'GET' | 'POST' | 'PUT'; url: string; permission: Permission }>;

type KeyOf<R> = R extends { method: infer M extends string; url: infer U extends string } ? `${M} ${U}` : never;
/** `GET /api/admin/tables`, … : one per route of the table. */
export type AdminRouteKey = KeyOf<(typeof ADMIN_ROUTES)[number]>;

/** What a handler gets: the request, the reply, and the staff member the guard let through. */
export interface AdminCall {
  req: FastifyRequest;
  reply: FastifyReply;
  staff: StaffIdentity;
}
export type AdminHandler = (c: AdminCall) => Promise<unknown>;

/** The one route outside the guard: signing in, which is how a staff token is had. */
const OPEN_ROUTES = new Set(['POST /api/admin/session']);

export function adminRoutes(deps: AdminDeps): (app: FastifyInstance) => void {
  // The compiler checks every route of the table has its handler, and no handler is extra.
  const handlers: Record<AdminRouteKey, AdminHandler> = {
    ...sessionHandlers(deps), ...tableHandlers(deps), ...peopleHandlers(deps), ...auditHandlers(deps), ...configHandlers(deps),
    ...availabilityHandlers(deps),
    'GET /api/admin/system': async () => deps.system(),
    'GET /api/admin/alerts': async () => ({ active: deps.alerts.active(), history: deps.alerts.history().slice(-100), deliveries: deps.alerts.deliveries().slice(-100) }),
  };
  return (app) => {
    app.addHook('onRoute', (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      for (const m of methods) {
        // fastify adds a HEAD route beside each GET, answered by the GET's handler (guard included).
        const key = `${m === 'HEAD' ? 'GET' : m} ${r.url}`;
        if (!r.url.startsWith(ADMIN_PREFIX) || OPEN_ROUTES.has(key)) continue;
        if (!ADMIN_ROUTES.some((a) => `${a.method} ${a.url}` === key)) throw new Error(`${key} is not in the admin route table (src/http/admin/routes.ts): it would skip the staff guard`);
      }
    });
    signInRoute(app, deps);
    for (const route of ADMIN_ROUTES) {
      const handle = handlers[`${route.method} ${route.url}` as AdminRouteKey];
      app.route({
        method: route.method, url: route.url,
        handler: async (req, reply) => handle({ req, reply, staff: await requireStaff(req, deps.auth, route.permission) }),
      });
    }
  };
}
