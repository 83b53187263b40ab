// Wallet: accounts, transfers, deposits/withdrawals and statements. Public methods open
// (or join, under group commit) a transaction; the work itself is postTx(tx, …).
import type { Store } from '../store/types.ts';
import type { Runner } from './runner.ts';
import { postTx, validateTransfer, type TransferRequest, type TransferResult } from './post.ts';
import { accountId, amount, currency } from './money.ts';
import { sweepTx, type SweepRequest } from './sweep.ts';

export interface MoveRequest {
  player: string;
  currency: string;
  amount: number;
  key: string;
  memo?: Record<string, unknown>;
}

export interface StatementLine {
  txId: number;
  key: string;
  kind: string;
  roundId: string | null;
  amount: number;
  balanceAfter: number;
  at: Date;
}

export class Wallet {
  private readonly store: Store;
  private readonly run: Runner;
  constructor(store: Store, run: Runner) {
    this.store = store;
    this.run = run;
  }

  /** Any balanced movement between accounts. */
  async transfer(req: TransferRequest): Promise<TransferResult> {
    validateTransfer(req); // fail fast, before queueing
    return this.run((tx) => postTx(tx, req));
  }

  /** Money entering the system: external → player. */
  async deposit(r: MoveRequest): Promise<TransferResult> {
    return this.transfer(this.move(r, 'deposit', accountId('external', 'cashier', r.currency), accountId('player', r.player, r.currency)));
  }

  /** Money leaving the system: player → external; insufficient_funds if the player lacks it. */
  async withdraw(r: MoveRequest): Promise<TransferResult> {
    return this.transfer(this.move(r, 'withdrawal', accountId('player', r.player, r.currency), accountId('external', 'cashier', r.currency)));
  }

  /** The house bankroll or a promotions budget funded from outside. */
  async fund(account: string, ccy: string, n: number, key: string): Promise<TransferResult> {
    const a = amount(n);
    return this.transfer({ key, kind: 'funding', currency: ccy,
      entries: [{ account: accountId('external', 'cashier', ccy), amount: -a }, { account, amount: a }] });
  }

  private move(r: MoveRequest, kind: string, from: string, to: string): TransferRequest {
    const a = amount(r.amount);
    return { key: r.key, kind, currency: currency(r.currency), memo: r.memo,
      entries: [{ account: from, amount: -a }, { account: to, amount: a }] };
  }

  /** Moves the whole balance of `from` to `to` once (idempotent, audited); returns what moved. */
  sweep(r: SweepRequest): Promise<number> {
    return this.run((tx) => sweepTx(tx, r));
  }

  /** Current balance; 0 for an account that does not exist yet. */
  async balance(account: string): Promise<number> {
    const rows = await this.store.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [account]);
    return rows[0]?.balance ?? 0;
  }

  playerBalance(player: string, ccy: string): Promise<number> {
    return this.balance(accountId('player', player, ccy));
  }

  /** The transaction written under an idempotency key, with its entries; null when the key was never used. */
  async byKey(key: string): Promise<{ txId: number; kind: string; currency: string; memo: Record<string, unknown>; entries: Array<{ account: string; amount: number }> } | null> {
    const rows = await this.store.query<{ tx_id: number; kind: string; currency: string; memo: Record<string, unknown>; account_id: string; amount: number }>(
      `SELECT t.id AS tx_id, t.kind, t.currency, t.memo, e.account_id, e.amount
       FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id WHERE t.idem_key = $1 ORDER BY e.id`, [key]);
    const first = rows[0];
    if (!first) return null;
    return { txId: first.tx_id, kind: first.kind, currency: first.currency, memo: first.memo, entries: rows.map((r) => ({ account: r.account_id, amount: r.amount })) };
  }

  /** Newest first; page with `beforeTxId`. */
  async statement(account: string, opts: { limit?: number; beforeTxId?: number } = {}): Promise<StatementLine[]> {
    const rows = await this.store.query<{
      tx_id: number; idem_key: string; kind: string; round_id: string | null; amount: number; balance_after: number; created_at: Date;
    }>(
      `SELECT e.tx_id, t.idem_key, t.kind, t.round_id, e.amount, e.balance_after, t.created_at
       FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id
       WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.tx_id < $2)
       ORDER BY e.id DESC LIMIT $3`,
      [account, opts.beforeTxId ?? null, Math.min(opts.limit ?? 50, 1000)]);
    return rows.map((r) => ({ txId: r.tx_id, key: r.idem_key, kind: r.kind, roundId: r.round_id,
      amount: r.amount, balanceAfter: r.balance_after, at: r.created_at }));
  }
}
