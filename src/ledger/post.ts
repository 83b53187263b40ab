// The one place money moves. Every transfer — a deposit, a round's stake and settlement,
// a jackpot award, a batch of slot spins — is planned by a Postings against balances read
// under lock and written by Postings.write; postTx is a batch of one.
//
// Order of work, and why:
//  1. lock the accounts FOR UPDATE in id order (a fixed order cannot deadlock with another
//     posting); an account that does not exist yet counts as empty and is created when written;
//  2. plan each transfer in order against the locked balances: insufficient_funds refuses it
//     before anything is written, so a refusal in a batch leaves the transfers around it as
//     they were; the balance_not_negative CHECK constraint backs this up;
//  3. write every planned transfer in one statement: claim the idempotency keys, create the
//     new accounts, update the cached balances and append the entries (a statement trigger
//     checks that each transaction has ≥ 2 entries summing to zero).
// A refusal claims no key, so the same key may be retried once funds arrive. postTx answers
// a key used before with its first result and moves nothing. A key or an account that a
// concurrent transaction wrote after our look-up (the claim waits for it on the unique index)
// fails the write as a serialization failure: the store re-runs the unit, which then sees it.
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

const LOCK = 'SELECT id, balance, overdraft FROM accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE';

/** Locks the existing accounts among `ids` FOR UPDATE in id order and returns them by id. */
export async function lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
  const rows = await tx.query<AccountRow>(LOCK, [[...new Set(ids)].sort()]);
  return new Map(rows.map((r) => [r.id, r]));
}

// One round trip for the whole write. The entries join the claimed keys: a key claimed
// meanwhile by another transaction returns no id, and write() then fails the lot.
const WRITE = `
WITH t AS (
  INSERT INTO ledger_transactions (idem_key, request_hash, kind, currency, round_id, memo)
  SELECT k, h, kind, ccy, rid, m FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
    WITH ORDINALITY AS u(k, h, kind, ccy, rid, m, ord) ORDER BY ord
  ON CONFLICT (idem_key) DO NOTHING RETURNING id, idem_key),
a AS (
  INSERT INTO accounts (id, kind, owner, currency, overdraft, balance)
  SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::bigint[])
  ON CONFLICT (id) DO NOTHING RETURNING id),
b AS (
  UPDATE accounts x SET balance = v.b FROM unnest($13::text[], $14::bigint[]) AS v(id, b) WHERE x.id = v.id),
e AS (
  INSERT INTO ledger_entries (tx_id, account_id, amount, balance_after)
  SELECT t.id, v.a, v.amt, v.after FROM unnest($15::text[], $16::text[], $17::bigint[], $18::bigint[])
    WITH ORDINALITY AS v(k, a, amt, after, ord) JOIN t ON t.idem_key = v.k ORDER BY v.ord)
SELECT id, idem_key AS name FROM t UNION ALL SELECT NULL, id FROM a`;

/** Another transaction wrote what this one planned around; SQLSTATE 40001 makes the store re-run the unit. */
function raced(what: string): Error {
  return Object.assign(new Error(`${what} was written by a concurrent transaction`), { code: '40001' });
}

type Planned = { req: TransferRequest; hash: string; entries: PostedEntry[] };

/**
 * Transfers planned in order against locked balances, then written together (see the file
 * comment). Only accounts named to lock() may be posted to.
 */
export class Postings {
  readonly #names: ReadonlySet<string>;
  readonly #locked: Map<string, AccountRow>;
  /** Balances as the transfers planned so far leave them. */
  readonly #balance = new Map<string, number>();
  #planned: Planned[] = [];

  private constructor(names: ReadonlySet<string>, locked: Map<string, AccountRow>) {
    this.#names = names;
    this.#locked = locked;
  }

  static async lock(tx: Tx, ids: Iterable<string>): Promise<Postings> {
    const names = new Set(ids);
    return new Postings(names, await lockAccounts(tx, [...names]));
  }

  balance(id: string): number {
    if (!this.#names.has(id)) throw new Error(`account ${id} was not locked for this posting`);
    return this.#balance.get(id) ?? this.#locked.get(id)?.balance ?? 0;
  }

  /** Plans `req` after the transfers planned before it; refused (nothing planned) if a balance would go below zero. */
  add(req: TransferRequest): PostedEntry[] {
    validateTransfer(req);
    const entries = req.entries.map((e): PostedEntry => {
      const before = this.balance(e.account);
      const after = before + e.amount;
      if (after < 0 && !this.#overdraft(e.account)) {
        throw new PitbossError('insufficient_funds', undefined, { account: e.account, balance: before, amount: -e.amount });
      }
      if (!Number.isSafeInteger(after)) throw new RangeError(`balance of ${e.account} would leave the safe integer range`);
      return { account: e.account, amount: e.amount, balanceAfter: after };
    });
    for (const e of entries) this.#balance.set(e.account, e.balanceAfter);
    this.#planned.push({ req, hash: requestHash(req), entries });
    return entries;
  }

  /** Writes what was planned since the last write, in one statement; the ledger transaction ids in plan order. */
  async write(tx: Tx): Promise<number[]> {
    const planned = this.#planned;
    if (planned.length === 0) return [];
    this.#planned = [];
    // New accounts in id order, as locks are taken: two writers creating the same ones wait instead of deadlocking.
    const fresh = [...this.#balance].filter(([id]) => !this.#locked.has(id)).sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([id, b]) => ({ ...parseAccountId(id), b }));
    const changed = [...this.#balance].filter(([id, b]) => this.#locked.has(id) && this.#locked.get(id)!.balance !== b);
    const entries = planned.flatMap((p) => p.entries.map((e) => ({ key: p.req.key, ...e })));
    const rows = await tx.query<{ id: number | null; name: string }>(WRITE, [
      planned.map((p) => p.req.key), planned.map((p) => p.hash), planned.map((p) => p.req.kind), planned.map((p) => p.req.currency),
      planned.map((p) => p.req.roundId ?? null), planned.map((p) => JSON.stringify(p.req.memo ?? {})),
      fresh.map((a) => a.id), fresh.map((a) => a.kind), fresh.map((a) => a.owner), fresh.map((a) => a.currency),
      fresh.map((a) => OVERDRAFT_KINDS.has(a.kind)), fresh.map((a) => String(a.b)),
      changed.map(([id]) => id), changed.map(([, b]) => String(b)),
      entries.map((e) => e.key), entries.map((e) => e.account), entries.map((e) => String(e.amount)), entries.map((e) => String(e.balanceAfter)),
    ]);
    const ids = new Map(rows.filter((r) => r.id !== null).map((r) => [r.name, r.id!]));
    if (ids.size < planned.length) throw raced(`idempotency key ${planned.find((p) => !ids.has(p.req.key))!.req.key}`);
    if (rows.length - ids.size < fresh.length) throw raced('a new account');
    for (const a of fresh) this.#locked.set(a.id, { id: a.id, balance: a.b, overdraft: OVERDRAFT_KINDS.has(a.kind) });
    for (const [id, b] of changed) this.#locked.get(id)!.balance = b;
    this.#balance.clear();
    return planned.map((p) => ids.get(p.req.key)!);
  }

  #overdraft(id: string): boolean {
    return this.#locked.get(id)?.overdraft ?? OVERDRAFT_KINDS.has(parseAccountId(id).kind);
  }
}

async function firstResult(tx: Tx, req: TransferRequest, used: { id: number; request_hash: string }, hash: string): Promise<TransferResult> {
  if (used.request_hash !== hash) {
    throw new PitbossError('invalid_payload', 'idempotency key was already used for a different transaction', { key: req.key });
  }
  const rows = await tx.query<{ account_id: string; amount: number; balance_after: number }>(
    'SELECT account_id, amount, balance_after FROM ledger_entries WHERE tx_id = $1 ORDER BY id', [used.id]);
  return { txId: used.id, key: req.key, replayed: true,
    entries: rows.map((r) => ({ account: r.account_id, amount: r.amount, balanceAfter: r.balance_after })) };
}

/** Posts a validated transfer inside `tx` (a batch of one). Callers open the transaction. */
export async function postTx(tx: Tx, req: TransferRequest): Promise<TransferResult> {
  validateTransfer(req);
  const hash = requestHash(req);
  const [used] = await tx.query<{ id: number; request_hash: string }>('SELECT id, request_hash FROM ledger_transactions WHERE idem_key = $1', [req.key]);
  if (used) return firstResult(tx, req, used, hash);
  const postings = await Postings.lock(tx, req.entries.map((e) => e.account));
  const entries = postings.add(req);
  const [txId] = await postings.write(tx);
  return { txId, key: req.key, replayed: false, entries };
}
