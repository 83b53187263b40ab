// Fencing a table's writes (cluster mode, issue 11). A node that claimed a table in Redis
// under its lease's token records the claim here (`claim`); the database then refuses
// any write of that table's rounds that does not carry the token (migration 108, in the
// writing transaction), with SQLSTATE PB409, which the ledger raises as StaleOwnerError.
// A single node never claims, and its tables are not fenced.
import type { Tx } from '../store/types.ts';
import { sqlState } from '../store/errors.ts';
import { PitbossError } from '../errors.ts';

export const FENCED = 'PB409';

/**
 * A write from a node that no longer owns the table (its lease lapsed and the table moved).
 * Clients hear `unavailable` (a clean retry: their rejoin lands on the new owner); the
 * table process learns it is stale and must stop.
 */
export class StaleOwnerError extends PitbossError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', `this server no longer runs that table: ${message}`, {}, options);
    this.name = 'StaleOwnerError';
  }
}

/** The database's refusal of a fenced write as a StaleOwnerError; anything else unchanged. */
export function fencedError(err: unknown): unknown {
  if (sqlState(err) !== FENCED) return err;
  return new StaleOwnerError(err instanceof Error ? err.message : String(err), { cause: err });
}

/** Which token this node writes a table's rounds under (null: none — a single node, or a table it does not hold). */
export type FenceOf = (tableId: string) => number | null;

type Run = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export class TableFences {
  readonly #run: Run;
  /** The tokens this node recorded its claims with: the ledger writes a table's rounds under them. */
  readonly #held = new Map<string, number>();
  constructor(run: Run) {
    this.#run = run;
  }

  /** The token this node holds `tableId` under, or null (never claimed here, or let go). */
  tokenOf(tableId: string): number | null {
    return this.#held.get(tableId) ?? null;
  }

  /** This node no longer writes `tableId` (or any table: its lease was lost); its writes are refused from now on. */
  forget(tableId?: string): void {
    if (tableId === undefined) this.#held.clear();
    else this.#held.delete(tableId);
  }

  /**
   * Records that `nodeId` holds `tableId` under `token`. Tokens only grow, so a claim older
   * than the one recorded is refused (StaleOwnerError): the table moved on meanwhile.
   */
  async claim(tableId: string, nodeId: string, token: number): Promise<void> {
    const ok = await this.#run((tx) => claimTx(tx, tableId, nodeId, token));
    if (ok) this.#held.set(tableId, token);
    else this.#held.delete(tableId);
    if (!ok) throw new StaleOwnerError(`table ${tableId} was claimed under a newer token than ${token}`);
  }

  /** The recorded holder of a table, or null when none (tests, operators). */
  async holder(tableId: string): Promise<{ nodeId: string; token: number } | null> {
    const [r] = await this.#run((tx) => tx.query<{ node_id: string; token: string }>('SELECT node_id, token::text AS token FROM table_fences WHERE table_id = $1', [tableId]));
    return r ? { nodeId: r.node_id, token: Number(r.token) } : null;
  }
}

async function claimTx(tx: Tx, tableId: string, nodeId: string, token: number): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO table_fences (table_id, node_id, token) VALUES ($1, $2, $3)
     ON CONFLICT (table_id) DO UPDATE SET node_id = EXCLUDED.node_id, token = EXCLUDED.token, claimed_at = now()
       WHERE table_fences.token <= EXCLUDED.token
     RETURNING table_id`, [tableId, nodeId, token]);
  return rows.length === 1;
}
