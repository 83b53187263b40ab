// Staff accounts as rows (migration 107_staff.sql): who may sign in to the admin API and
// with which role. Every change is written in one transaction with its audit row (who,
// when, before and after), so there is never an account change the audit chain lacks.
// Password hashing is the caller's (src/casino/staff/passwords.ts): this module stores
// the hash it is given and hands it back, never a plain password.
import type { Store, Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { appendAuditTx } from './audit.ts';

export const STAFF_ROLES = ['operator', 'administrator', 'technician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** An account name: lowercase, so `Ann` and `ann` are never two people. */
export const STAFF_NAME = /^[a-z0-9._-]{3,32}$/;

export interface StaffAccount {
  name: string;
  role: StaffRole;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  disabledBy: string | null;
  lastSignIn: string | null;
}

interface Row {
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
  disabled_by: string | null;
  last_sign_in: string | null;
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${col}`;
const COLUMNS = `name, role, password_hash, ${iso('created_at')}, created_by, ${iso('disabled_at')}, disabled_by, ${iso('last_sign_in')}`;

const account = (r: Row): StaffAccount => ({
  name: r.name, role: r.role, createdAt: r.created_at, createdBy: r.created_by,
  disabledAt: r.disabled_at, disabledBy: r.disabled_by, lastSignIn: r.last_sign_in,
});

/** The audit actor of a staff member: `staff:<name>`. */
export const staffActor = (name: string) => `staff:${name}`;

export class StaffAccounts {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  /** A new account; `actor` is who created it (an administrator, or `cli:<os user>`). */
  async add(a: { name: string; role: StaffRole; passwordHash: string }, actor: string): Promise<StaffAccount> {
    if (!STAFF_NAME.test(a.name)) throw new PitbossError('invalid_payload', 'a staff name is 3–32 of a-z 0-9 . _ -');
    if (!STAFF_ROLES.includes(a.role)) throw new PitbossError('invalid_payload', `a role is one of ${STAFF_ROLES.join(', ')}`);
    return this.#store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO staff (name, role, password_hash, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
        [a.name, a.role, a.passwordHash, actor]);
      if (!row) throw new PitbossError('invalid_payload', `a staff account named ${a.name} exists (names are never reused)`);
      await appendAuditTx(tx, { actor, action: 'staff_add', subject: staffActor(a.name), after: { name: a.name, role: a.role } });
      return account(row);
    });
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.#store.query<Row>(`SELECT ${COLUMNS} FROM staff ORDER BY name`)).map(account);
  }

  async get(name: string): Promise<StaffAccount | null> {
    const [row] = await this.#store.query<Row>(`SELECT ${COLUMNS} FROM staff WHERE name = $1`, [name]);
    return row ? account(row) : null;
  }

  /** The account with its password hash, for the sign-in check only. */
  async credentials(name: string): Promise<{ account: StaffAccount; passwordHash: string } | null> {
    const [row] = await this.#store.query<Row>(`SELECT ${COLUMNS} FROM staff WHERE name = $1`, [name]);
    return row ? { account: account(row), passwordHash: row.password_hash } : null;
  }

  /** Disables the account at once: its sessions stop working at their next request. */
  disable(name: string, actor: string): Promise<StaffAccount> {
    return this.#store.transaction(async (tx) => {
      const before = await lock(tx, name);
      if (before.disabledAt !== null) return before;
      const [row] = await tx.query<Row>(
        `UPDATE staff SET disabled_at = now(), disabled_by = $2 WHERE name = $1 RETURNING ${COLUMNS}`, [name, actor]);
      await appendAuditTx(tx, { actor, action: 'staff_disable', subject: staffActor(name), before: { disabled: false }, after: { disabled: true } });
      return account(row!);
    });
  }

  /** The account as a session sees it: null when gone, or when this session was signed out. */
  async forSession(name: string, sessionId: string | null): Promise<StaffAccount | null> {
    const [row] = await this.#store.query<Row & { out: boolean }>(
      `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM staff_signed_out WHERE session_id = $2) AS out FROM staff WHERE name = $1`, [name, sessionId]);
    return row && !row.out ? account(row) : null;
  }

  /** Ends one session before its expiry (sign-out): audited; signing out twice changes nothing. */
  signedOut(name: string, detail: { sessionId: string; expiresAt: number }): Promise<void> {
    return this.#store.transaction(async (tx) => {
      await lock(tx, name);
      const ins = await tx.query(
        `INSERT INTO staff_signed_out (session_id, name, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (session_id) DO NOTHING RETURNING 1`,
        [detail.sessionId, name, detail.expiresAt]);
      // Rows of sessions that expired anyway prove nothing more: a few go with each sign-out.
      await tx.query(`DELETE FROM staff_signed_out WHERE session_id IN (SELECT session_id FROM staff_signed_out WHERE expires_at < now() LIMIT 20)`);
      if (ins.length === 0) return;
      await appendAuditTx(tx, {
        actor: staffActor(name), action: 'staff_sign_out', subject: staffActor(name),
        before: { session_expires_at: new Date(detail.expiresAt * 1000).toISOString() }, after: { signed_out: true },
      });
    });
  }

  /** A successful sign-in: stamped on the account and audited (from where, and until when). */
  signedIn(name: string, detail: { ip: string; expiresAt: number }): Promise<void> {
    return this.#store.transaction(async (tx) => {
      const before = await lock(tx, name);
      await tx.query('UPDATE staff SET last_sign_in = now() WHERE name = $1', [name]);
      await appendAuditTx(tx, {
        actor: staffActor(name), action: 'staff_sign_in', subject: staffActor(name),
        before: { last_sign_in: before.lastSignIn }, after: { ip: detail.ip, expires_at: new Date(detail.expiresAt * 1000).toISOString() },
      });
    });
  }
}

async function lock(tx: Tx, name: string): Promise<StaffAccount> {
  const [row] = await tx.query<Row>(`SELECT ${COLUMNS} FROM staff WHERE name = $1 FOR UPDATE`, [name]);
  if (!row) throw new PitbossError('not_found', `no staff account ${name}`);
  return account(row);
}
