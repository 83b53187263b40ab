// Hash-chained, append-only audit log. Each row's hash covers its fields and the
// previous row's hash, and audit_head (one row, locked FOR UPDATE) holds the last
// seq/hash, so appends from many connections form one chain. verifyAudit recomputes the
// chain: an edited row breaks its hash, an inserted or deleted row breaks the sequence
// or the links, a deleted tail no longer matches the head.
import { createHash } from 'node:crypto';
import type { Store, Tx } from '../store/types.ts';
import { canonicalJson } from './money.ts';

export interface AuditEvent {
  /** Who: a staff id, 'system', 'recovery', a player id. */
  actor: string;
  /** What: 'round_resolved', 'jackpot_award', 'config_change', 'large_win', … */
  action: string;
  /** Which object: a round id, pool id, account id. */
  subject: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export function rowHash(r: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson([r.seq, r.at, r.actor, r.action, r.subject, r.before, r.after, r.prev_hash]);
  return createHash('sha256').update(body).digest('hex');
}

/** Appends inside the caller's transaction. Lock order: take it after any account locks. */
export async function appendAuditTx(tx: Tx, ev: AuditEvent, now = new Date()): Promise<AuditRow> {
  const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  const row: Omit<AuditRow, 'hash'> = {
    seq: head.seq + 1,
    at: now.toISOString(),
    actor: ev.actor,
    action: ev.action,
    subject: ev.subject,
    before: ev.before === undefined ? null : canonicalJson(ev.before),
    after: ev.after === undefined ? null : canonicalJson(ev.after),
    prev_hash: head.hash,
  };
  const hash = rowHash(row);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, subject, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [row.seq, row.at, row.actor, row.action, row.subject, row.before, row.after, row.prev_hash, hash]);
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [row.seq, hash]);
  return { ...row, hash };
}

export function appendAudit(store: Store, ev: AuditEvent): Promise<AuditRow> {
  return store.transaction((tx) => appendAuditTx(tx, ev));
}

export interface AuditProblem {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch';
}

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  problems: AuditProblem[];
}

const PAGE = 5000;

export async function verifyAudit(store: Store): Promise<AuditVerdict> {
  const problems: AuditProblem[] = [];
  let prev = { seq: 0, hash: '0'.repeat(64) };
  let rows = 0;
  for (;;) {
    const page = await store.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [prev.seq, PAGE]);
    for (const r of page) {
      rows++;
      if (r.seq !== prev.seq + 1) problems.push({ seq: r.seq, problem: 'gap' });
      if (r.prev_hash !== prev.hash) problems.push({ seq: r.seq, problem: 'broken_link' });
      if (rowHash(r) !== r.hash) problems.push({ seq: r.seq, problem: 'hash_mismatch' });
      prev = { seq: r.seq, hash: r.hash };
    }
    if (page.length < PAGE) break;
  }
  const [head] = await store.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!head || head.seq !== prev.seq || head.hash !== prev.hash) problems.push({ seq: prev.seq, problem: 'head_mismatch' });
  return { ok: problems.length === 0, rows, problems };
}

/** Streams the log page by page as CSV (with header) or JSON lines. */
export async function exportAudit(store: Store, format: 'csv' | 'jsonl', write: (chunk: string) => void): Promise<number> {
  const cols = AUDIT_COLUMNS;
  if (format === 'csv') write(cols.join(',') + '\n');
  let after = 0;
  let n = 0;
  for (;;) {
    const page = await store.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, PAGE]);
    for (const r of page) {
      write(format === 'csv' ? cols.map((c) => csvField(r[c])).join(',') + '\n' : JSON.stringify(r) + '\n');
      after = r.seq;
      n++;
    }
    if (page.length < PAGE) return n;
  }
}

/** The columns of an export, in order (the CSV header). */
export const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'before', 'after', 'prev_hash', 'hash'] as const;

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
