// Tables as staff see them (with their state: open or draining) and the drain: the
// table refuses new rounds, finishes the running one, then closes (casino tables/drain.ts).
import { z } from 'zod';
import { staffActor } from '../../ledger/index.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

const Page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100), after: z.string().min(1).max(128).optional() }).strict();
const TableId = z.object({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/) }).strict();

export function tableHandlers(deps: AdminDeps): Record<'GET /api/admin/tables' | 'POST /api/admin/tables/:id/drain', AdminHandler> {
  return {
    'GET /api/admin/tables': async ({ req }) => {
      const q = parseOrRefuse(Page, req.query ?? {});
      const page = deps.tables.page(q);
      return { tables: page.tables.map((t) => ({ ...t, state: deps.tables.isDraining(t['id'] as string) ? 'draining' : 'open' })), next: page.next };
    },
    'POST /api/admin/tables/:id/drain': async ({ req, staff }) => {
      const { id } = parseOrRefuse(TableId, req.params);
      const before = deps.tables.isDraining(id) ? 'draining' : 'open';
      const after = await deps.tables.drain(id, staffActor(staff.name));
      await deps.ledger.audit({ actor: staffActor(staff.name), action: 'table_drain', subject: `table:${id}`, before: { state: before }, after });
      return { table_id: id, ...after };
    },
  };
}
