// Table chips: money a player bought in at a table (hold'em). It sits in the ledger
// account escrow:<table>/<player>, so a stack survives a table crash; hands stake from
// it and pay back into it; leaving the seat cashes it out to the wallet.
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

/**
 * At start-up (after open rounds are resolved) no one is seated anywhere: every stack
 * left behind by a crash goes back to its owner's wallet.
 */
export async function cashOutAll(ledger: Ledger): Promise<number> {
  const rows = await ledger.store.query<{ id: string; owner: string }>(
    `SELECT id, owner FROM accounts WHERE kind = 'escrow' AND position('/' in owner) > 0 AND balance > 0`);
  for (const r of rows) {
    const [tableId, playerId] = [r.owner.slice(0, r.owner.lastIndexOf('/')), r.owner.slice(r.owner.lastIndexOf('/') + 1)];
    await cashOut(ledger, tableId, playerId);
  }
  return rows.length;
}
