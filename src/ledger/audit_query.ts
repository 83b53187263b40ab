// Reading the audit log with filters, for the admin API: one page at a time (a cursor on
// seq, newest or oldest first), and an export of every matching row as CSV or JSON lines
// produced page by page, so a large log never sits in memory at once. The chain itself
// (audit.ts) is untouched by reads; verifying it is verifyAudit's job.
import type { Store } from '../store/types.ts';
import { AUDIT_COLUMNS, csvField, type AuditRow } from './audit.ts';

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  /** exact subject, e.g. `staff:ann`, `table:blackjack-1` */
  subject?: string | undefined;
  /** ISO-8601 instants, inclusive; rows' `at` is ISO-8601 UTC as hashed, so text order is time order */
  since?: string | undefined;
  until?: string | undefined;
}

export const MAX_AUDIT_PAGE = 500;
const EXPORT_PAGE = 2000;

/** The WHERE clause of a filter, with its parameters numbered from `first`. */
function where(f: AuditFilter, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    parts.push(cond.replace('?', `$${first + params.length - 1}`));
  };
  if (f.actor !== undefined) add('actor = ?', f.actor);
  if (f.action !== undefined) add('action = ?', f.action);
  if (f.subject !== undefined) add('subject = ?', f.subject);
  if (f.since !== undefined) add('at >= ?', f.since);
  if (f.until !== undefined) add('at <= ?', f.until);
  return { sql: parts.length > 0 ? ` AND ${parts.join(' AND ')}` : '', params };
}

/**
 * Up to `limit` matching rows before `before` (newest first, the default) and the cursor
 * of the next page (`null` on the last).
 */
export async function queryAudit(store: Store, f: AuditFilter, page: { limit: number; before?: number | undefined }):
Promise<{ rows: AuditRow[]; next: number | null }> {
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_AUDIT_PAGE);
  const w = where(f, 3);
  const rows = await store.query<AuditRow>(
    `SELECT * FROM audit_log WHERE seq < $1${w.sql} ORDER BY seq DESC LIMIT $2`,
    [page.before ?? Number.MAX_SAFE_INTEGER, limit + 1, ...w.params]);
  const more = rows.length > limit;
  if (more) rows.pop();
  return { rows, next: more ? rows.at(-1)!.seq : null };
}

/** Every matching row, oldest first, as CSV (header first) or JSON lines, in chunks of a page. */
export async function* auditExport(store: Store, f: AuditFilter, format: 'csv' | 'jsonl'): AsyncGenerator<string> {
  if (format === 'csv') yield AUDIT_COLUMNS.join(',') + '\n';
  const w = where(f, 3);
  let after = 0;
  for (;;) {
    const rows = await store.query<AuditRow>(
      `SELECT * FROM audit_log WHERE seq > $1${w.sql} ORDER BY seq LIMIT $2`, [after, EXPORT_PAGE, ...w.params]);
    if (rows.length > 0) {
      yield rows.map((r) => (format === 'csv' ? AUDIT_COLUMNS.map((c) => csvField(r[c])).join(',') : JSON.stringify(r)) + '\n').join('');
      after = rows.at(-1)!.seq;
    }
    if (rows.length < EXPORT_PAGE) return;
  }
}
