// The audit log for staff: a filtered page (newest first), an export of every matching
// row (CSV or JSON lines, streamed page by page), and the chain's verification. Exports
// and verifications are themselves audited: who took the log out, who checked it.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { MAX_AUDIT_PAGE, auditExport, queryAudit, staffActor, type AuditFilter } from '../../ledger/index.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { AdminDeps } from './deps.ts';
import type { AdminHandler } from './routes.ts';

const text = z.string().min(1).max(200);
const Filter = {
  actor: text.optional(),
  action: text.optional(),
  subject: text.optional(),
  // Rows' `at` is toISOString(): a filter in the same form compares as time.
  since: z.string().datetime().transform((s) => new Date(s).toISOString()).optional(),
  until: z.string().datetime().transform((s) => new Date(s).toISOString()).optional(),
};
const Query = z.object({ ...Filter, before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100) }).strict();
const Export = z.object({ ...Filter, format: z.enum(['csv', 'jsonl']).default('jsonl') }).strict();

const filterOf = (q: AuditFilter): AuditFilter => ({ actor: q.actor, action: q.action, subject: q.subject, since: q.since, until: q.until });

export function auditHandlers(deps: AdminDeps): Record<'GET /api/admin/audit' | 'GET /api/admin/audit/export' | 'GET /api/admin/audit/verify', AdminHandler> {
  const store = deps.ledger.store;
  return {
    'GET /api/admin/audit': async ({ req }) => {
      const q = parseOrRefuse(Query, req.query ?? {});
      return queryAudit(store, filterOf(q), { limit: q.limit, before: q.before });
    },
    'GET /api/admin/audit/export': async ({ req, reply, staff }) => {
      const q = parseOrRefuse(Export, req.query ?? {});
      const filter = filterOf(q);
      // Audited before the first byte: an export cut short was still taken.
      await deps.ledger.audit({ actor: staffActor(staff.name), action: 'audit_export', subject: 'audit_log', after: { format: q.format, filter: JSON.parse(JSON.stringify(filter)) } });
      const ext = q.format === 'csv' ? 'csv' : 'jsonl';
      return reply
        .header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="pitboss-audit.${ext}"`)
        .send(Readable.from(auditExport(store, filter, q.format)));
    },
    'GET /api/admin/audit/verify': async ({ staff }) => {
      const verdict = await deps.ledger.verifyAudit();
      await deps.ledger.audit({ actor: staffActor(staff.name), action: 'audit_verify', subject: 'audit_log', after: { ok: verdict.ok, rows: verdict.rows, problems: verdict.problems.length } });
      return verdict;
    },
  };
}
