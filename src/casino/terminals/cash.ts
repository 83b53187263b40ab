// Money a cabinet takes and pays in cash, in the ledger. Whose money is it? Cash put into
// a bill acceptor belongs to nobody the hall can name (anonymous play is the norm on a
// floor): it becomes credit on that cabinet's meter, the account terminal:<id>:<ccy>,
// and the cash itself is now in the cabinet's stacker (the "drop"), the account
// external:drop/<id>:<ccy>, whose balance is minus what the drop count should find.
// A printed voucher takes credit off the meter into external:tickets:<ccy> (vouchers out
// in the world); an inserted one brings it back, once, if it was printed for that amount. Every movement is double-entry through
// the wallet's one posting path. A cash-in's idempotency key is the terminal's own key,
// prefixed with the terminal id; a voucher's is its number (voucherKey). However often a
// terminal resends an event it moves money once, and the same key with another amount is
// refused (`invalid_payload`).
import { accountId, type Ledger, type TransferResult } from '../../ledger/index.ts';
import { PitbossError } from '../../errors.ts';
import type { CashInMsg, TicketMsg } from './messages.ts';

export const creditAccount = (terminalId: string, ccy: string): string => accountId('terminal', terminalId, ccy);
export const dropAccount = (terminalId: string, ccy: string): string => accountId('external', `drop/${terminalId}`, ccy);
export const ticketsAccount = (ccy: string): string => accountId('external', 'tickets', ccy);

/** The ledger key of a terminal's event: its own key, in the terminal's namespace. */
export const ledgerKey = (terminalId: string, event: string, key: string): string => `terminal:${terminalId}:${event}:${key}`;

export interface Posted {
  /** true when this key had moved its money before (a resend): nothing moved now. */
  replayed: boolean;
  /** the credit meter after the event's own posting */
  credit: number;
  txId: number;
}

function posted(r: TransferResult, credit: string): Posted {
  return { replayed: r.replayed, txId: r.txId, credit: r.entries.find((e) => e.account === credit)!.balanceAfter };
}

export async function postCashIn(ledger: Ledger, t: { id: string; currency: string }, m: CashInMsg): Promise<Posted> {
  const credit = creditAccount(t.id, t.currency);
  const r = await ledger.wallet.transfer({
    key: ledgerKey(t.id, 'cash_in', m.key), kind: 'cash_in', currency: t.currency,
    entries: [{ account: dropAccount(t.id, t.currency), amount: -m.amount }, { account: credit, amount: m.amount }],
    memo: { terminal: t.id, at: m.at },
  });
  return posted(r, credit);
}

/**
 * A voucher's ledger key is its number, not the terminal's key: a number is printed once
 * and redeemed once in the whole hall, whichever cabinet prints or takes it (the same
 * cabinet resending the same voucher is a replay; anything else with that number is refused).
 */
export const voucherKey = (number: string, direction: 'out' | 'in'): string => `voucher:${number}:${direction}`;

/**
 * A voucher out needs the credit on the meter (`insufficient_funds` otherwise). A voucher in
 * must have been printed, for that amount, and not redeemed elsewhere: vouchers are money
 * anyone can carry, so the hall pays each one once.
 */
export async function postTicket(ledger: Ledger, t: { id: string; currency: string }, m: TicketMsg): Promise<Posted> {
  const credit = creditAccount(t.id, t.currency);
  const sign = m.direction === 'out' ? -1 : 1;
  if (m.direction === 'in') await checkRedeemable(ledger, t, m);
  const r = await ledger.wallet.transfer({
    key: voucherKey(m.number, m.direction), kind: m.direction === 'out' ? 'ticket_out' : 'ticket_in', currency: t.currency,
    entries: [{ account: credit, amount: sign * m.amount }, { account: ticketsAccount(t.currency), amount: -sign * m.amount }],
    memo: { terminal: t.id, key: m.key, at: m.at, number: m.number },
  });
  return posted(r, credit);
}

async function checkRedeemable(ledger: Ledger, t: { id: string; currency: string }, m: TicketMsg): Promise<void> {
  const [printed, redeemed] = await Promise.all([ledger.wallet.byKey(voucherKey(m.number, 'out')), ledger.wallet.byKey(voucherKey(m.number, 'in'))]);
  if (printed === null) throw new PitbossError('not_found', `no voucher ${m.number} was printed`);
  // The tickets account took the voucher's amount when it was printed.
  const amount = printed.entries.find((e) => e.account === ticketsAccount(printed.currency))?.amount;
  if (amount !== m.amount || printed.currency !== t.currency) throw new PitbossError('invalid_payload', `voucher ${m.number} is not for that amount`);
  if (redeemed !== null && redeemed.memo['terminal'] !== t.id) throw new PitbossError('invalid_action', `voucher ${m.number} was redeemed already`);
}
