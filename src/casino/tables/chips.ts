// Table chips: money a player bought in at a table (hold'em). It sits in the ledger
// account escrow:<table>/<player>, so a stack survives a table crash; hands stake from
// it and pay back into it; leaving the seat cashes it out to the wallet. A stack no seat
// holds (the table crashed, then closed or was forgotten) is returned by returnStranded.
import { randomBytes } from 'node:crypto';
import { accountId, type Ledger } from '../../ledger/index.ts';
import { CURRENCY } from '../currency.ts';

export const chipsAccount = (tableId: string, playerId: string): string => accountId('escrow', `${tableId}/${playerId}`, CURRENCY);
const wallet = (playerId: string): string => accountId('player', playerId, CURRENCY);

export async function buyIn(ledger: Ledger, tableId: string, playerId: string, amount: number, key?: string): Promise<number> {
  await ledger.wallet.transfer({
    key: `buy_in:${tableId}:${playerId}:${key ?? randomBytes(9).toString('base64url')}`, kind: 'buy_in', currency: CURRENCY,
    entries: [{ account: wallet(playerId), amount: -amount }, { account: chipsAccount(tableId, playerId), amount }],
  });
  return ledger.wallet.balance(chipsAccount(tableId, playerId));
}

/** Moves the whole stack back to the wallet; returns what moved. */
export async function cashOut(ledger: Ledger, tableId: string, playerId: string): Promise<number> {
  const chips = await ledger.wallet.balance(chipsAccount(tableId, playerId));
  if (chips <= 0) return 0;
  await ledger.wallet.transfer({
    key: `cash_out:${tableId}:${playerId}:${randomBytes(9).toString('base64url')}`, kind: 'cash_out', currency: CURRENCY,
    entries: [{ account: chipsAccount(tableId, playerId), amount: -chips }, { account: wallet(playerId), amount: chips }],
  });
  return chips;
}

export interface HeldChips {
  tableId: string;
  playerId: string;
  amount: number;
}

/** Non-zero stacks, of one table and/or one player. */
export async function heldChips(ledger: Ledger, f: { tableId?: string; playerId?: string } = {}): Promise<HeldChips[]> {
  const rows = await ledger.store.query<{ owner: string; balance: number }>(
    `SELECT owner, balance FROM accounts
     WHERE kind = 'escrow' AND currency = $1 AND balance > 0 AND position('/' in owner) > 0
       AND ($2::text IS NULL OR left(owner, length($2) + 1) = $2 || '/')
       AND ($3::text IS NULL OR right(owner, length($3) + 1) = '/' || $3)
     ORDER BY owner`, [CURRENCY, f.tableId ?? null, f.playerId ?? null]);
  return rows.map((r) => {
    const cut = r.owner.lastIndexOf('/');
    return { tableId: r.owner.slice(0, cut), playerId: r.owner.slice(cut + 1), amount: r.balance };
  });
}

/**
 * A stack no seat holds goes back to the wallet: one idempotent, audited ledger
 * transaction (ledger/sweep.ts), safe to race with any other returner of the same stack.
 * Only for a table that is not running, or from inside the table's own process.
 */
export function returnChips(ledger: Ledger, tableId: string, playerId: string, reason: string): Promise<number> {
  return ledger.wallet.sweep({ from: chipsAccount(tableId, playerId), to: wallet(playerId), kind: 'cash_out', action: 'chips_returned', reason, actor: 'system' });
}

/** Every stack (of `f`'s table or player) at a table that is not running goes home; returns what moved. */
export async function returnStranded(ledger: Ledger, running: (tableId: string) => boolean, f: { tableId?: string; playerId?: string }, reason: string): Promise<HeldChips[]> {
  const out: HeldChips[] = [];
  for (const h of await heldChips(ledger, f)) {
    if (running(h.tableId)) continue;
    const amount = await returnChips(ledger, h.tableId, h.playerId, reason);
    if (amount > 0) out.push({ ...h, amount });
  }
  return out;
}

/**
 * When no table is running yet (start-up, the tables' supervisor restarting) nobody is
 * seated anywhere: every stack left behind by a crash goes back to its owner's wallet.
 */
export async function cashOutAll(ledger: Ledger): Promise<number> {
  return (await returnStranded(ledger, () => false, {}, 'startup')).length;
}
