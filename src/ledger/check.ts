// `pitboss ledger check`: the invariants, recomputed from the rows rather than trusted.
import type { Store } from '../store/types.ts';

export interface LedgerCheck {
  accounts: number;
  transactions: number;
  /** Sum of every entry ever written: 0 in a sound ledger. */
  sum: number;
  /** Accounts below zero that may not be (anything but external/house). */
  negative_balances: number;
  open_rounds: number;
  /**
   * Open rounds with no step for longer than any table's clock allows: a round nobody is
   * finishing (its table gone). Recovery at start-up or on a table's restart completes
   * them; a ledger that has one is not ok.
   */
  stale_rounds: number;
}

/** No game leaves a round this long without a step: its clocks act within seconds. */
export const STALE_ROUND_MS = 10 * 60_000;

export interface LedgerCheckDetail extends LedgerCheck {
  /** Accounts whose cached balance differs from the sum of their entries. */
  balance_mismatches: string[];
  /** Transactions that do not sum to zero or have fewer than two entries. */
  unbalanced_transactions: number[];
  ok: boolean;
}

export async function checkLedger(store: Store, opts: { staleAfterMs?: number } = {}): Promise<LedgerCheckDetail> {
  const staleSeconds = (opts.staleAfterMs ?? STALE_ROUND_MS) / 1000;
  const [c] = await store.query<{ accounts: number; transactions: number; sum: number; negative: number; open: number; stale: number }>(`SELECT
    (SELECT count(*) FROM accounts)::bigint AS accounts,
    (SELECT count(*) FROM ledger_transactions)::bigint AS transactions,
    (SELECT coalesce(sum(amount), 0) FROM ledger_entries)::bigint AS sum,
    (SELECT count(*) FROM accounts WHERE balance < 0 AND NOT overdraft)::bigint AS negative,
    (SELECT count(*) FROM rounds WHERE status = 'open')::bigint AS open,
    (SELECT count(*) FROM rounds r WHERE r.status = 'open' AND greatest(r.opened_at,
       (SELECT max(a.created_at) FROM round_actions a WHERE a.round_id = r.id)) < now() - make_interval(secs => $1))::bigint AS stale`, [staleSeconds]);
  const mism = await store.query<{ id: string }>(`SELECT a.id FROM accounts a
    LEFT JOIN (SELECT account_id, sum(amount) AS s FROM ledger_entries GROUP BY account_id) e ON e.account_id = a.id
    WHERE a.balance <> coalesce(e.s, 0) ORDER BY a.id LIMIT 100`);
  const unbal = await store.query<{ id: number }>(`SELECT t.id FROM ledger_transactions t
    LEFT JOIN ledger_entries e ON e.tx_id = t.id GROUP BY t.id
    HAVING count(e.id) < 2 OR coalesce(sum(e.amount), 0) <> 0 ORDER BY t.id LIMIT 100`);
  const detail = {
    accounts: c.accounts, transactions: c.transactions, sum: c.sum, negative_balances: c.negative, open_rounds: c.open, stale_rounds: c.stale,
    balance_mismatches: mism.map((r) => r.id), unbalanced_transactions: unbal.map((r) => r.id),
  };
  return { ...detail, ok: c.sum === 0 && c.negative === 0 && c.stale === 0 && mism.length === 0 && unbal.length === 0 };
}

/** Exactly the six fields of the `--json` output. */
export function summary(d: LedgerCheck): LedgerCheck {
  return { accounts: d.accounts, transactions: d.transactions, sum: d.sum, negative_balances: d.negative_balances, open_rounds: d.open_rounds, stale_rounds: d.stale_rounds };
}
