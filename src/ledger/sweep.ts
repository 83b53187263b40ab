// Returning a held balance to its owner: the whole balance of one account (hold'em table
// chips, escrow:<table>/<player>) moves to another (the player's wallet) in one balanced
// transaction, audited in the same transaction. The idempotency key names the account's
// last entry, so every returner that saw the same balance — start-up, a table closing,
// the player asking, a retry — claims the same key and the money moves once; a returner
// that comes after finds the balance at zero under the lock and moves nothing.
import type { Tx } from '../store/types.ts';
import { lockAccounts, postTx } from './post.ts';
import { appendAuditTx } from './audit.ts';
import { parseAccountId } from './money.ts';

export interface SweepRequest {
  from: string;
  to: string;
  /** Ledger transaction kind, e.g. 'cash_out'. */
  kind: string;
  /** Audit action, e.g. 'chips_returned'. */
  action: string;
  /** Why now (kept in the memo and the audit row), e.g. 'table_closed'. */
  reason: string;
  actor: string;
}

/** Moves all of `from` to `to`; returns the amount moved (0 when there was nothing). */
export async function sweepTx(tx: Tx, r: SweepRequest): Promise<number> {
  const [held] = await tx.query<{ n: number }>('SELECT 1 AS n FROM accounts WHERE id = $1 AND balance <> 0', [r.from]);
  if (!held) return 0; // never create the account just to find it empty
  const locked = await lockAccounts(tx, [r.from, r.to]);
  const balance = locked.get(r.from)!.balance;
  if (balance <= 0) return 0;
  const [last] = await tx.query<{ id: number }>('SELECT max(id) AS id FROM ledger_entries WHERE account_id = $1', [r.from]);
  const posted = await postTx(tx, { key: `sweep:${r.from}:${last!.id}`, kind: r.kind, currency: parseAccountId(r.from).currency,
    entries: [{ account: r.from, amount: -balance }, { account: r.to, amount: balance }], memo: { reason: r.reason } });
  if (posted.replayed) return 0;
  await appendAuditTx(tx, { actor: r.actor, action: r.action, subject: r.from,
    before: { [r.from]: balance, [r.to]: posted.entries[1]!.balanceAfter - balance }, after: { [r.from]: 0, [r.to]: posted.entries[1]!.balanceAfter, reason: r.reason } });
  return balance;
}
