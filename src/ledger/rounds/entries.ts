// A round's money as ledger entries: the stakes into the table's escrow, and the
// settlement out of it. The step-by-step path (journal.ts, settle.ts) and the instant
// batch (instant.ts) build their transfers here and post them through post.ts, so a
// round's arithmetic is written once.
import { PitbossError } from '../../errors.ts';
import type { Entry } from '../post.ts';
import { accountId, amount, parseAccountId } from '../money.ts';

export function escrowAccount(tableId: string, ccy: string): string {
  return accountId('escrow', tableId, ccy);
}

/** The account a stake is drawn from and paid back to: the wallet, or a player's table chips. */
export function stakeAccount(player: string, ccy: string, account?: string | null): string {
  if (account === undefined || account === null) return accountId('player', player, ccy);
  const parsed = parseAccountId(account);
  if ((parsed.kind !== 'player' && parsed.kind !== 'escrow') || parsed.currency !== ccy) {
    throw new PitbossError('invalid_payload', `a stake may come from a player or escrow account in ${ccy}, not ${account}`);
  }
  return account;
}

/** One entry per account (amounts added up, zeros dropped), in the order the accounts first appear. */
export function mergeEntries(entries: Entry[]): Entry[] {
  const m = new Map<string, number>();
  for (const e of entries) m.set(e.account, (m.get(e.account) ?? 0) + e.amount);
  return [...m].filter(([, v]) => v !== 0).map(([account, amount]) => ({ account, amount }));
}

/** Each stake from its account, their sum into the table's escrow. */
export function stakeEntries(tableId: string, ccy: string, stakes: Array<{ account: string; amount: number }>): Entry[] {
  const total = stakes.reduce((s, st) => s + st.amount, 0);
  return [...stakes.map((st) => ({ account: st.account, amount: -st.amount })), { account: escrowAccount(tableId, ccy), amount: amount(total, 'total stake') }];
}

/**
 * Escrow pays each player back to the account the stake came from, the jackpot pool takes
 * its contribution, and the table's own house account takes the rest (or pays it: one
 * global house row would serialise every settlement).
 */
export function settlementEntries(tableId: string, ccy: string, stakes: Array<{ account: string; amount: number; payout: number }>,
  contribution: { entries: Entry[]; total: number } | null): Entry[] {
  const total = stakes.reduce((s, x) => s + x.amount, 0);
  const paid = stakes.reduce((s, x) => s + x.payout, 0);
  return mergeEntries([
    { account: escrowAccount(tableId, ccy), amount: -total },
    ...stakes.map((s) => ({ account: s.account, amount: s.payout })),
    ...(contribution?.entries ?? []),
    { account: accountId('house', tableId, ccy), amount: total - paid - (contribution?.total ?? 0) },
  ]);
}
