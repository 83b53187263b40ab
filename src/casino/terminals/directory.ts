// The terminals table (migration 110): create a terminal with a fresh secret, list them,
// disable one, and check a credential. Used by `pitboss terminal …` (with a store it
// opens itself) and by the terminal socket's connect (with the ledger's store).
import { PitbossError } from '../../errors.ts';
import { hashSecret, newSecret, TERMINAL_ID, verifySecret, SCRYPT_COST } from './credentials.ts';

/** The part of a store this needs: plain statements. */
export interface Sql {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Terminal {
  id: string;
  location: string;
  currency: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export type Authenticated = { ok: true; terminal: Terminal } | { ok: false; problem: 'unknown_terminal' | 'terminal_disabled' | 'bad_secret' };

type Row = { id: string; location: string; currency: string; secret_hash: string; created_at: Date; disabled_at: Date | null };
const toTerminal = (r: Row): Terminal => ({ id: r.id, location: r.location, currency: r.currency, createdAt: r.created_at, disabledAt: r.disabled_at });

export class TerminalDirectory {
  readonly #sql: Sql;
  readonly #cost: { N: number; r: number; p: number };
  /** A hash nobody's secret matches: an unknown id costs the same scrypt as a known one, so timing tells no ids. */
  #decoy: Promise<string> | null = null;

  /** `cost`: scrypt parameters of new secrets (tests use a cheap one; the default is SCRYPT_COST). */
  constructor(sql: Sql, opts: { cost?: { N: number; r: number; p: number } } = {}) {
    this.#sql = sql;
    this.#cost = opts.cost ?? SCRYPT_COST;
  }

  /** Creates the terminal and returns its secret: the only time the secret exists outside the cabinet. */
  async add(id: string, opts: { location?: string; currency: string }): Promise<{ terminal: Terminal; secret: string }> {
    if (!TERMINAL_ID.test(id)) throw new PitbossError('invalid_payload', 'a terminal id is 1 to 64 of A-Z a-z 0-9 _ . -');
    const location = opts.location ?? '';
    if (location.length > 200) throw new PitbossError('invalid_payload', 'a location is at most 200 characters');
    const secret = newSecret();
    const hash = await hashSecret(secret, this.#cost);
    const rows = await this.#sql.query<Row>(
      `INSERT INTO terminals (id, location, currency, secret_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING RETURNING *`, [id, location, opts.currency, hash]);
    if (rows.length === 0) throw new PitbossError('invalid_payload', `terminal ${id} exists already`);
    return { terminal: toTerminal(rows[0]!), secret };
  }

  async list(): Promise<Terminal[]> {
    return (await this.#sql.query<Row>('SELECT * FROM terminals ORDER BY id')).map(toTerminal);
  }

  async get(id: string): Promise<Terminal | null> {
    const rows = await this.#sql.query<Row>('SELECT * FROM terminals WHERE id = $1', [id]);
    return rows[0] ? toTerminal(rows[0]) : null;
  }

  /** Disables the terminal (idempotent); false when there is no such terminal. */
  async disable(id: string): Promise<boolean> {
    const rows = await this.#sql.query<{ id: string }>(
      'UPDATE terminals SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  async authenticate(id: string, secret: string): Promise<Authenticated> {
    const rows = TERMINAL_ID.test(id) ? await this.#sql.query<Row>('SELECT * FROM terminals WHERE id = $1', [id]) : [];
    const row = rows[0];
    this.#decoy ??= hashSecret(newSecret(), this.#cost);
    const matches = await verifySecret(secret, row?.secret_hash ?? (await this.#decoy));
    if (!row) return { ok: false, problem: 'unknown_terminal' };
    if (!matches) return { ok: false, problem: 'bad_secret' };
    if (row.disabled_at !== null) return { ok: false, problem: 'terminal_disabled' };
    return { ok: true, terminal: toTerminal(row) };
  }
}
