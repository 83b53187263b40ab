// The hall's runtime configuration as rows (migration 111): each change a new version
// with who and when, written in one transaction with its audit row (before and after),
// and the configuration version each terminal acknowledged. What a value may hold is the
// casino's to decide (src/casino/config): this module stores what it is given under a
// scope (`game:<id>`, `jackpot:<id>`), and numbers the changes.
//
// Lock order: config_head first (only configuration changes take it), then, for a
// jackpot, the pool row, then the audit head — the order every other writer keeps after it.
import type { Store, Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { appendAuditTx } from './audit.ts';
import { canonicalJson } from './money.ts';
import { configurePoolTx } from './jackpots.ts';
import type { HitPointSource } from './jackpot_draw.ts';

export interface ConfigRow {
  version: number;
  scope: string;
  value: Record<string, unknown>;
  actor: string;
  at: string;
}

export interface ConfigChange {
  row: ConfigRow;
  /** What the scope held before: its previous row's value, or the built-in `base`. */
  before: Record<string, unknown>;
}

export interface TerminalAck {
  terminalId: string;
  version: number;
  ackedAt: string;
}

const AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`;
const COLUMNS = `version, scope, value, actor, ${AT}`;
export const MAX_CONFIG_HISTORY = 500;

async function previousTx(tx: Tx, scope: string): Promise<ConfigRow | undefined> {
  const [r] = await tx.query<ConfigRow>(`SELECT ${COLUMNS} FROM config_versions WHERE scope = $1 ORDER BY version DESC LIMIT 1`, [scope]);
  return r;
}

/** Takes the next version under the head's lock (held to the end of the transaction). */
async function nextVersionTx(tx: Tx): Promise<number> {
  const [head] = await tx.query<{ version: number }>('SELECT version FROM config_head WHERE id = 1 FOR UPDATE');
  const version = Number(head!.version) + 1;
  await tx.query('UPDATE config_head SET version = $1 WHERE id = 1', [version]);
  return version;
}

async function insertTx(tx: Tx, version: number, scope: string, value: Record<string, unknown>, actor: string): Promise<ConfigRow> {
  const [row] = await tx.query<ConfigRow>(
    `INSERT INTO config_versions (version, scope, value, actor) VALUES ($1, $2, $3::jsonb, $4) RETURNING ${COLUMNS}`,
    [version, scope, JSON.stringify(value), actor]);
  return { ...row!, version: Number(row!.version) };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const unchanged = () => new PitbossError('invalid_payload', 'no change: the configuration already holds these values');

export class HallConfigs {
  readonly #store: Store;
  readonly #hitPoints: HitPointSource;

  constructor(store: Store, hitPoints: HitPointSource) {
    this.#store = store;
    this.#hitPoints = hitPoints;
  }

  /** The hall's version (the last change's) and the latest row of every scope. */
  async latest(): Promise<{ version: number; rows: ConfigRow[] }> {
    const [head] = await this.#store.query<{ version: number }>('SELECT version FROM config_head WHERE id = 1');
    const rows = await this.#store.query<ConfigRow>(`SELECT DISTINCT ON (scope) ${COLUMNS} FROM config_versions ORDER BY scope, version DESC`);
    return { version: Number(head?.version ?? 0), rows: rows.map((r) => ({ ...r, version: Number(r.version) })) };
  }

  /** Every jackpot pool's contribution rate as it is now. */
  pools(): Promise<Array<{ id: string; contribution_bps: number }>> {
    return this.#store.query('SELECT id, contribution_bps FROM jackpot_pools ORDER BY id');
  }

  /** Changes, newest first; `before` pages on (versions below it). */
  async history(opts: { scope?: string | undefined; before?: number | undefined; limit: number }): Promise<ConfigRow[]> {
    const rows = await this.#store.query<ConfigRow>(
      `SELECT ${COLUMNS} FROM config_versions WHERE ($1::text IS NULL OR scope = $1) AND ($2::bigint IS NULL OR version < $2)
       ORDER BY version DESC LIMIT $3`, [opts.scope ?? null, opts.before ?? null, Math.min(opts.limit, MAX_CONFIG_HISTORY)]);
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  /**
   * A new version of `scope` holding `value` (already validated by the caller), audited as
   * `config_change` with before and after in the same transaction. `base` is what the scope
   * holds while it has no row (the built-in settings). The same value again is refused.
   */
  change(c: { scope: string; value: Record<string, unknown>; base: Record<string, unknown>; actor: string; expect?: Record<string, unknown> }): Promise<ConfigChange> {
    return this.#store.transaction(async (tx) => {
      const version = await nextVersionTx(tx);
      const before = (await previousTx(tx, c.scope))?.value ?? c.base;
      // `expect`: what the caller patched. Another change in between would be overwritten unseen.
      if (c.expect !== undefined && !same(before, c.expect)) throw new PitbossError('invalid_action', 'the configuration changed meanwhile: read it and change it again');
      if (same(before, c.value)) throw unchanged();
      const row = await insertTx(tx, version, c.scope, c.value, c.actor);
      await appendAuditTx(tx, { actor: c.actor, action: 'config_change', subject: c.scope, before, after: { version, ...c.value } });
      return { row, before };
    });
  }

  /**
   * A jackpot pool's contribution rate, changed on the pool itself (jackpots.ts: from the
   * next contribution on) and recorded as a version of `jackpot:<id>`, in one transaction;
   * the pool's own audit row carries the version.
   */
  changeJackpot(c: { pool: string; contributionBps: number; actor: string }): Promise<ConfigChange> {
    return this.#store.transaction(async (tx) => {
      const version = await nextVersionTx(tx);
      const scope = `jackpot:${c.pool}`;
      const [p] = await tx.query<{ contribution_bps: number }>('SELECT contribution_bps FROM jackpot_pools WHERE id = $1', [c.pool]);
      if (!p) throw new PitbossError('not_found', `no jackpot pool ${c.pool}`);
      const before = { contribution_bps: p.contribution_bps };
      const value = { contribution_bps: c.contributionBps };
      if (same(before, value)) throw unchanged();
      await configurePoolTx(tx, c.pool, { contributionBps: c.contributionBps }, c.actor, this.#hitPoints, { version });
      return { row: await insertTx(tx, version, scope, value, c.actor), before };
    });
  }

  /** Records the configuration version a terminal says it runs (its last word wins). */
  async ack(terminalId: string, version: number): Promise<void> {
    await this.#store.query(
      `INSERT INTO terminal_config_acks (terminal_id, version, acked_at) VALUES ($1, $2, now())
       ON CONFLICT (terminal_id) DO UPDATE SET version = EXCLUDED.version, acked_at = EXCLUDED.acked_at`, [terminalId, version]);
  }

  async acks(): Promise<TerminalAck[]> {
    const rows = await this.#store.query<{ terminal_id: string; version: number; acked_at: string }>(
      `SELECT terminal_id, version, to_char(acked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS acked_at FROM terminal_config_acks ORDER BY terminal_id`);
    return rows.map((r) => ({ terminalId: r.terminal_id, version: Number(r.version), ackedAt: r.acked_at }));
  }
}
