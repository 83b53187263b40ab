// The one place money moves: postTx writes a double-entry transaction inside a caller's
// SQL transaction. Everything that pays (wallet, rounds, jackpots, recovery) composes it.
//
// Order of work, and why:
//  1. claim the idempotency key (INSERT … ON CONFLICT DO NOTHING): a concurrent request
//     with the same key waits on the unique index until we commit or roll back, then
//     reads our result — so a key is applied at most once even across nodes;
//  2. lock the accounts FOR UPDATE in id order (a fixed order cannot deadlock with
//     another postTx), creating missing ones first;
//  3. check the balances with the locked values and raise insufficient_funds; the
//     balance_not_negative CHECK constraint backs this up;
//  4. update the cached balances and append the entries (one statement); a deferred trigger re-checks
//     at COMMIT that the transaction has ≥ 2 entries summing to zero.
// A failed attempt rolls back its key, so the same key may be retried after a refusal.
import { createHash } from 'node:crypto';
import type { Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { amount, canonicalJson, currency, exactSum, OVERDRAFT_KINDS, parseAccountId } from './money.ts';

export interface Entry {
  account: string;
  amount: number;
}

export interface TransferRequest {
  /** Idempotency key: a repeat returns the first result and moves nothing. */
  key: string;
  /** What kind of movement ('bet', 'win', 'deposit', 'transfer', …), for statements. */
  kind: string;
  currency: string;
  entries: Entry[];
  roundId?: string;
  memo?: Record<string, unknown>;
}

export interface PostedEntry extends Entry {
  balanceAfter: number;
}

export interface TransferResult {
  txId: number;
  key: string;
  /** true when the key had been used before and this is the first result again. */
  replayed: boolean;
  entries: PostedEntry[];
}

export function validateTransfer(req: TransferRequest): TransferRequest {
  if (typeof req.key !== 'string' || req.key.length === 0 || req.key.length > 200) {
    throw new PitbossError('invalid_payload', 'an idempotency key (1–200 characters) is required', { field: 'key' });
  }
  const ccy = currency(req.currency);
  if (!Array.isArray(req.entries) || req.entries.length < 2) {
    throw new PitbossError('invalid_payload', 'a transaction needs at least two entries', { field: 'entries' });
  }
  const seen = new Set<string>();
  for (const e of req.entries) {
    const acc = parseAccountId(e.account);
    if (acc.currency !== ccy) throw new PitbossError('invalid_payload', `account ${e.account} is not in ${ccy}`);
    if (seen.has(e.account)) throw new PitbossError('invalid_payload', `account ${e.account} appears twice`);
    seen.add(e.account);
    amount(e.amount, 'entry amount', { negative: true });
  }
  if (exactSum(req.entries.map((e) => e.amount)) !== 0n) {
    throw new PitbossError('invalid_payload', 'entries must sum to zero', { field: 'entries' });
  }
  return req;
}

export function requestHash(req: TransferRequest): string {
  const entries = [...req.entries].sort((a, b) => (a.account < b.account ? -1 : 1));
  return createHash('sha256').update(canonicalJson({ kind: req.kind, currency: req.currency, entries })).digest('hex');
}

export type AccountRow = { id: string; balance: number; overdraft: boolean };

/** Locks the accounts FOR UPDATE in id order (creating missing ones) and returns them by id. */
export async function lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
  const sorted = [...ids].sort();
  const lock = `SELECT id, balance, overdraft FROM accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`;
  let rows = await tx.query<AccountRow>(lock, [sorted]);
  if (rows.length < sorted.length) {
    const have = new Set(rows.map((r) => r.id));
    const missing = sorted.filter((id) => !have.has(id)).map(parseAccountId);
    await tx.query(
      `INSERT INTO accounts (id, kind, owner, currency, overdraft)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) ON CONFLICT (id) DO NOTHING`,
      [missing.map((a) => a.id), missing.map((a) => a.kind), missing.map((a) => a.owner), missing.map((a) => a.currency),
        missing.map((a) => OVERDRAFT_KINDS.has(a.kind))],
    );
    rows = await tx.query<AccountRow>(lock, [sorted]);
  }
  return new Map(rows.map((r) => [r.id, r]));
}

async function firstResult(tx: Tx, req: TransferRequest, hash: string): Promise<TransferResult> {
  const [t] = await tx.query<{ id: number; request_hash: string }>(
    'SELECT id, request_hash FROM ledger_transactions WHERE idem_key = $1', [req.key]);
  if (t.request_hash !== hash) {
    throw new PitbossError('invalid_payload', 'idempotency key was already used for a different transaction', { key: req.key });
  }
  const rows = await tx.query<{ account_id: string; amount: number; balance_after: number }>(
    'SELECT account_id, amount, balance_after FROM ledger_entries WHERE tx_id = $1 ORDER BY id', [t.id]);
  return { txId: t.id, key: req.key, replayed: true,
    entries: rows.map((r) => ({ account: r.account_id, amount: r.amount, balanceAfter: r.balance_after })) };
}

/** Posts a validated transfer inside `tx`. Callers open the transaction. */
export async function postTx(tx: Tx, req: TransferRequest): Promise<TransferResult> {
  validateTransfer(req);
  const hash = requestHash(req);
  const claimed = await tx.query<{ id: number }>(
    `INSERT INTO ledger_transactions (idem_key, request_hash, kind, currency, round_id, memo)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idem_key) DO NOTHING RETURNING id`,
    [req.key, hash, req.kind, req.currency, req.roundId ?? null, JSON.stringify(req.memo ?? {})]);
  if (claimed.length === 0) return firstResult(tx, req, hash);
  const txId = claimed[0].id;

  const accounts = await lockAccounts(tx, req.entries.map((e) => e.account));
  const entries: PostedEntry[] = req.entries.map((e) => {
    const acc = accounts.get(e.account)!;
    const after = acc.balance + e.amount;
    if (after < 0 && !acc.overdraft) {
      throw new PitbossError('insufficient_funds', undefined, { account: e.account, balance: acc.balance, amount: -e.amount });
    }
    if (!Number.isSafeInteger(after)) throw new RangeError(`balance of ${e.account} would leave the safe integer range`);
    return { account: e.account, amount: e.amount, balanceAfter: after };
  });
  const ids = entries.map((e) => e.account);
  const amounts = entries.map((e) => String(e.amount));
  // One round trip: update the cached balances and append the entries together.
  await tx.query(
    `WITH v AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS v(id, amount, after)),
          u AS (UPDATE accounts a SET balance = a.balance + v.amount FROM v WHERE a.id = v.id)
     INSERT INTO ledger_entries (tx_id, account_id, amount, balance_after) SELECT $1, id, amount, after FROM v`,
    [txId, entries.map((e) => e.account), entries.map((e) => String(e.amount)), entries.map((e) => String(e.balanceAfter))]);
  return { txId, key: req.key, replayed: false, entries };
}
