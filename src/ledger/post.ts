// The one place money moves. Every transfer — a deposit, a round's stake and settlement,
// a jackpot award, a batch of slot spins — is planned by a Postings against balances read
// under lock and written by Postings.write with the same two statements; postTx is a batch
// of one.
//
// Order of work, and why:
//  1. lock the accounts FOR UPDATE in id order (a fixed order cannot deadlock with another
//     posting); an account that does not exist yet counts as empty and is created when written;
//  2. plan each transfer in order against the locked balances: insufficient_funds refuses it
//     before anything is written, so a refusal in a batch leaves the transfers around it as
//     they were; the balance_not_negative CHECK constraint backs this up;
//  3. claim the idempotency keys (INSERT … ON CONFLICT DO NOTHING): a concurrent transaction
//     with the same key waits on the unique index until the first commits or rolls back;
//  4. create the new accounts, update the cached balances and append the entries, in one
//     statement (a statement trigger checks that each transaction has ≥ 2 entries summing to 0).
// postTx claims its key first (3 before 1), as a lone transfer always could: a key used
// before answers the first result and moves nothing, and a refusal after the claim throws,
// which rolls the claim back with the caller's transaction (or savepoint) — so a refused
// key may be retried once funds arrive. A batch claims after planning, so its refusals claim
// nothing; a key (or a new account) that another transaction wrote meanwhile fails the
// write as a serialization failure, and the store re-runs the unit, which then sees it.
import { createHash } from 'node:crypto';
import type { Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { amount, canonicalJson, currency, exactSum, OVERDRAFT_KINDS, parseAccountId, type ParsedAccount } from './money.ts';

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
const READ = 'SELECT id, balance, overdraft FROM accounts WHERE id = ANY($1::text[])';

/** Locks the existing accounts among `ids` FOR UPDATE in id order and returns them by id. */
export async function lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
  const rows = await tx.query<AccountRow>(LOCK, [[...new Set(ids)].sort()]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The existing accounts among `ids` as they read now, without a lock: for a plan that is checked again under lock. */
export async function readAccounts(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
  const rows = await tx.query<AccountRow>(READ, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Claims the keys in one statement: per transfer its new ledger transaction id, or null where
 * the key was taken. The rows come in plan order, so ids follow it (nothing depends on that
 * but how statements read): one transfer as plain values, many as arrays — each is the
 * cheaper to send and plan at its size.
 */
async function claimKeys(tx: Tx, transfers: Array<{ req: TransferRequest; hash: string }>): Promise<Array<number | null>> {
  const cols = [transfers.map((t) => t.req.key), transfers.map((t) => t.hash), transfers.map((t) => t.req.kind), transfers.map((t) => t.req.currency),
    transfers.map((t) => t.req.roundId ?? null), transfers.map((t) => JSON.stringify(t.req.memo ?? {}))];
  const rows = transfers.length === 1
    ? 'VALUES ($1, $2, $3, $4, $5, $6::jsonb)'
    : 'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])';
  const claimed = await tx.query<{ id: number; idem_key: string }>(
    `INSERT INTO ledger_transactions (idem_key, request_hash, kind, currency, round_id, memo) ${rows}
     ON CONFLICT (idem_key) DO NOTHING RETURNING id, idem_key`, transfers.length === 1 ? cols.map((c) => c[0]) : cols);
  const ids = new Map(claimed.map((r) => [r.idem_key, r.id]));
  return transfers.map((t) => ids.get(t.req.key) ?? null);
}

/**
 * New accounts, balances and entries in one statement; the parts with nothing to do are left
 * out (a statement is planned each time it runs). Returns how many accounts it created.
 */
async function writeEntries(tx: Tx, entries: Array<PostedEntry & { tx: number }>, fresh: Array<ParsedAccount & { b: number }>,
  changed: Array<[string, number]>): Promise<number> {
  const params: unknown[] = [];
  const $ = (values: unknown[], type: string) => `$${params.push(values)}::${type}[]`;
  const parts: string[] = [];
  if (fresh.length > 0) {
    parts.push(`a AS (INSERT INTO accounts (id, kind, owner, currency, overdraft, balance)
      SELECT * FROM unnest(${$(fresh.map((a) => a.id), 'text')}, ${$(fresh.map((a) => a.kind), 'text')}, ${$(fresh.map((a) => a.owner), 'text')},
        ${$(fresh.map((a) => a.currency), 'text')}, ${$(fresh.map((a) => OVERDRAFT_KINDS.has(a.kind)), 'boolean')}, ${$(fresh.map((a) => String(a.b)), 'bigint')})
      ON CONFLICT (id) DO NOTHING RETURNING 1)`);
  }
  if (changed.length > 0) {
    parts.push(`b AS (UPDATE accounts x SET balance = v.b
      FROM unnest(${$(changed.map(([id]) => id), 'text')}, ${$(changed.map(([, b]) => String(b)), 'bigint')}) AS v(id, b) WHERE x.id = v.id)`);
  }
  parts.push(`e AS (INSERT INTO ledger_entries (tx_id, account_id, amount, balance_after)
    SELECT * FROM unnest(${$(entries.map((e) => String(e.tx)), 'bigint')}, ${$(entries.map((e) => e.account), 'text')},
      ${$(entries.map((e) => String(e.amount)), 'bigint')}, ${$(entries.map((e) => String(e.balanceAfter)), 'bigint')}))`);
  const [r] = await tx.query<{ created: number }>(
    `WITH ${parts.join(',\n')} SELECT ${fresh.length > 0 ? '(SELECT count(*) FROM a)::int' : '0'} AS created`, params);
  return r.created;
}

/** Another transaction wrote what this one planned around; SQLSTATE 40001 makes the store re-run the unit. */
function raced(what: string): Error {
  return Object.assign(new Error(`${what} was written by a concurrent transaction`), { code: '40001' });
}

type Planned = { req: TransferRequest; hash: string; entries: PostedEntry[] };

/**
 * Transfers planned in order against locked balances, then written together by the same two
 * statements (see the file comment). Only accounts named to lock() may be posted to.
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
    const names = [...new Set(ids)];
    return Postings.over(names, await lockAccounts(tx, names));
  }

  /**
   * Postings over `ids` whose existing rows the caller read: locked FOR UPDATE (by
   * lockAccounts) for a plan that will be written, or read (readAccounts) for one only
   * looked at. The rows are copied: writing changes them.
   */
  static over(ids: Iterable<string>, rows: ReadonlyMap<string, AccountRow>): Postings {
    return new Postings(new Set(ids), new Map([...rows].map(([id, r]) => [id, { ...r }])));
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

  /**
   * Writes what was planned since the last write: claims the keys (unless the caller did,
   * passing the ids), then accounts, balances and entries. The ledger transaction ids in plan order.
   */
  async write(tx: Tx, claimed?: number[]): Promise<number[]> {
    const planned = this.#planned;
    if (planned.length === 0) return [];
    this.#planned = [];
    const ids = claimed ?? await claimKeys(tx, planned);
    const lost = planned.findIndex((_, i) => ids[i] === null || ids[i] === undefined);
    if (lost >= 0) throw raced(`idempotency key ${planned[lost].req.key}`);
    // New accounts in id order, as locks are taken: two writers creating the same ones wait instead of deadlocking.
    const fresh = [...this.#balance].filter(([id]) => !this.#locked.has(id)).sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([id, b]) => ({ ...parseAccountId(id), b }));
    const changed = [...this.#balance].filter(([id, b]) => this.#locked.has(id) && this.#locked.get(id)!.balance !== b);
    const entries = planned.flatMap((p, i) => p.entries.map((e) => ({ tx: ids[i]!, ...e })));
    if (await writeEntries(tx, entries, fresh, changed) < fresh.length) throw raced('a new account');
    for (const a of fresh) this.#locked.set(a.id, { id: a.id, balance: a.b, overdraft: OVERDRAFT_KINDS.has(a.kind) });
    for (const [id, b] of changed) this.#locked.get(id)!.balance = b;
    this.#balance.clear();
    return ids as number[];
  }

  #overdraft(id: string): boolean {
    return this.#locked.get(id)?.overdraft ?? OVERDRAFT_KINDS.has(parseAccountId(id).kind);
  }
}

async function firstResult(tx: Tx, req: TransferRequest, hash: string): Promise<TransferResult> {
  const [t] = await tx.query<{ id: number; request_hash: string }>('SELECT id, request_hash FROM ledger_transactions WHERE idem_key = $1', [req.key]);
  if (t.request_hash !== hash) {
    throw new PitbossError('invalid_payload', 'idempotency key was already used for a different transaction', { key: req.key });
  }
  const rows = await tx.query<{ account_id: string; amount: number; balance_after: number }>(
    'SELECT account_id, amount, balance_after FROM ledger_entries WHERE tx_id = $1 ORDER BY id', [t.id]);
  return { txId: t.id, key: req.key, replayed: true,
    entries: rows.map((r) => ({ account: r.account_id, amount: r.amount, balanceAfter: r.balance_after })) };
}

/** Posts a validated transfer inside `tx` (a batch of one, its key claimed first). Callers open the transaction. */
export async function postTx(tx: Tx, req: TransferRequest): Promise<TransferResult> {
  validateTransfer(req);
  const hash = requestHash(req);
  const [txId] = await claimKeys(tx, [{ req, hash }]);
  if (txId === null) return firstResult(tx, req, hash);
  const postings = await Postings.lock(tx, req.entries.map((e) => e.account));
  const entries = postings.add(req);
  await postings.write(tx, [txId]);
  return { txId, key: req.key, replayed: false, entries };
}
