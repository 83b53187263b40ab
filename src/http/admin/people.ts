// Who is here: players online (from the connection tracker: every tracked channel of a
// player, and the tables they watch or sit at) and staff accounts.
import { z } from 'zod';
import { parseOrRefuse } from '../../parse.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

const Page = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), after: z.string().min(1).max(128).optional() }).strict();

export function peopleHandlers(deps: AdminDeps): Record<'GET /api/admin/players' | 'GET /api/admin/staff', AdminHandler> {
  return {
    'GET /api/admin/players': async ({ req }) => {
      const q = parseOrRefuse(Page, req.query ?? {});
      const online = deps.tracker.playersOnline();
      const ids = [...online.keys()].sort().filter((id) => q.after === undefined || id > q.after);
      const page = ids.slice(0, q.limit);
      return {
        total: online.size,
        players: page.map((id) => ({ player_id: id, ...online.get(id)! })),
        next: ids.length > q.limit ? page.at(-1)! : null,
      };
    },
    'GET /api/admin/staff': async () => ({
      staff: (await deps.ledger.staff.list()).map((a) => ({
        name: a.name, role: a.role, created_at: a.createdAt, created_by: a.createdBy,
        disabled_at: a.disabledAt, disabled_by: a.disabledBy, last_sign_in: a.lastSignIn,
      })),
    }),
  };
}
