// Action keys: the idempotency keys of table actions, kept with the ledger so that a key
// answers the same after a table crash, a server restart or a cache eviction.
//
// A key is the player's, not the table's: (player_id, key) is the primary key. The table
// claims a key before it acts (an INSERT that only one claimer can win, so two tables
// can never both act on one key), then puts the reply the client gets, or releases the
// claim when the act was refused and nothing moved (a retry may succeed later). A claim
// without a reply is "pending": the act is running or was interrupted; it is never acted
// on again, since whatever it moved the ledger has (and recovery resolved).
//
// Why not in the money's own transaction: an act's reply (the balance after settlement,
// the draws of the steps after a stake) is only known after the last of its ledger
// transactions, and a round's steps span several. The claim, written before any money,
// closes the gap: a crash between the money and the reply leaves a pending key, not a
// free one. The reply is written before the client is answered, so any answer a client
// has seen is the one a retry gets.
//
// Cheap on the hot path: claims, puts and releases from every table share set-based
// batches (one transaction, one statement per kind), and each batch that claims n keys
// deletes up to 2n expired ones, so pruning keeps pace with writing without a timer.
// Expired rows (older than ttlMs) count as absent whether or not they are pruned yet.
import type { Store, Tx } from '../store/types.ts';
import { BatchQueue } from '../store/batch_queue.ts';

/** The reply as the client got it: Phoenix's `{status, response}`. */
export interface StoredReply {
  status: 'ok' | 'error';
  response: Record<string, unknown>;
}

export type KeyState =
  | { type: 'new' }
  | { type: 'answered'; tableId: string; reply: StoredReply }
  | { type: 'pending'; tableId: string | null };

export interface ActionKeysOptions {
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
  /** Most operations per batch (default 256). */
  maxBatch?: number;
}

type Op =
  | { op: 'claim'; player: string; key: string; tableId: string; done: (s: KeyState) => void; fail: (e: unknown) => void }
  | { op: 'put'; player: string; key: string; tableId: string; reply: StoredReply; done: (s: KeyState) => void; fail: (e: unknown) => void }
  | { op: 'release'; player: string; key: string; done: (s: KeyState) => void; fail: (e: unknown) => void };

const DAY_MS = 24 * 60 * 60 * 1000;
/** One string per (player, key). */
export const keyId = (o: { player: string; key: string }): string => `${o.player}\0${o.key}`;
const id = keyId;
const byId = (a: { player: string; key: string }, b: { player: string; key: string }) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

export class ActionKeys {
  readonly #store: Store;
  readonly #now: () => Date;
  readonly #ttlMs: number;
  readonly #queue: BatchQueue<Op>;

  constructor(store: Store, now: () => Date = () => new Date(), opts: ActionKeysOptions = {}) {
    this.#store = store;
    this.#now = now;
    this.#ttlMs = opts.ttlMs ?? DAY_MS;
    this.#queue = new BatchQueue((batch) => this.#write(batch), { maxBatch: opts.maxBatch ?? 256, maxInFlight: store.concurrency });
  }

  /** Operations waiting and batches being written (metrics, diagnostics). */
  get queue(): { waiting: number; inFlight: number } {
    return { waiting: this.#queue.length, inFlight: this.#queue.inFlight };
  }

  /** Takes the key for an act at `tableId` ({type:'new'}), or says who has it and what they answered. */
  claim(player: string, key: string, tableId: string): Promise<KeyState> {
    return new Promise((done, fail) => this.#queue.push({ op: 'claim', player, key, tableId, done, fail }));
  }

  /** Keeps the reply of a claimed (or unclaimed) key; a key that already has a reply keeps its first. */
  async put(player: string, key: string, tableId: string, reply: StoredReply): Promise<void> {
    await new Promise((done, fail) => this.#queue.push({ op: 'put', player, key, tableId, reply, done, fail }));
  }

  /** Frees a claim whose act was refused with nothing moved; an answered key stays. */
  async release(player: string, key: string): Promise<void> {
    await new Promise((done, fail) => this.#queue.push({ op: 'release', player, key, done, fail }));
  }

  /** What the key holds now, without claiming it. */
  async get(player: string, key: string): Promise<KeyState> {
    const rows = await this.#store.query<{ table_id: string; reply: StoredReply | null }>(
      'SELECT table_id, reply FROM action_keys WHERE player_id = $1 AND key = $2 AND created_at > $3', [player, key, this.#cutoff()]);
    return rows[0] ? stateOf(rows[0]) : { type: 'new' };
  }

  /** Deletes every expired key; returns how many. Batches prune as they go, so this is for operators and tests. */
  async prune(): Promise<number> {
    const rows = await this.#store.query<{ n: number }>(
      'WITH d AS (DELETE FROM action_keys WHERE created_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [this.#cutoff()]);
    return rows[0]!.n;
  }

  #cutoff(): string {
    return new Date(this.#now().getTime() - this.#ttlMs).toISOString();
  }

  /** Now, and the age before which keys count as absent: for claims made in another writer's transaction. */
  times(): { now: string; cutoff: string } {
    return { now: this.#now().toISOString(), cutoff: this.#cutoff() };
  }

  /** One batch: puts, releases, then claims (so a claim sees a reply written in the same batch). */
  async #write(batch: Op[]): Promise<void> {
    try {
      const out = await this.#store.transaction((tx) => this.#apply(tx, batch));
      batch.forEach((o, i) => o.done(out[i]!));
    } catch (err) {
      // One bad operation must not fail its neighbours: each goes again alone.
      if (batch.length === 1) return batch[0]!.fail(err);
      for (const o of batch) await this.#write([o]);
    }
  }

  async #apply(tx: Tx, batch: Op[]): Promise<KeyState[]> {
    const out = new Map<Op, KeyState>();
    const now = this.#now().toISOString();
    const cutoff = this.#cutoff();
    // Rows in key order, so two batches on PostgreSQL lock shared keys in the same order.
    const puts = firstOfEach(batch.filter((o) => o.op === 'put')).sort(byId);
    const releases = firstOfEach(batch.filter((o) => o.op === 'release')).sort(byId);
    const claims = batch.filter((o): o is Extract<Op, { op: 'claim' }> => o.op === 'claim');
    const first = firstOfEach(claims).sort(byId);
    // Sent together, run in this order: the batch waits once for all three (a round trip
    // through the PGlite thread, or to the server), then for the claims that read them.
    await Promise.all([
      putKeysTx(tx, puts, now),
      releases.length > 0 ? tx.query(
        `DELETE FROM action_keys a USING unnest($1::text[], $2::text[]) AS u(p, k)
          WHERE a.player_id = u.p AND a.key = u.k AND a.reply IS NULL`,
        [releases.map((o) => o.player), releases.map((o) => o.key)]) : null,
      first.length > 0 ? pruneKeysTx(tx, cutoff, 2 * first.length) : null,
    ]);
    if (first.length > 0) {
      const states = await claimKeysTx(tx, first, now, cutoff);
      first.forEach((o, i) => out.set(o, states[i]!));
      // The same key twice in one batch: the first claims it, the others find it pending.
      for (const o of claims) if (!out.has(o)) out.set(o, { type: 'pending', tableId: o.tableId });
    }
    return batch.map((o) => out.get(o) ?? { type: 'new' });
  }
}

/** Now and the expiry cutoff for a claim made in another writer's transaction, when no ActionKeys clock is at hand (keys kept a day). */
export function defaultKeyTimes(): { now: string; cutoff: string } {
  const now = Date.now();
  return { now: new Date(now).toISOString(), cutoff: new Date(now - DAY_MS).toISOString() };
}

/** A key as one table acts on it. */
export interface KeyRef {
  player: string;
  key: string;
  tableId: string;
}

/**
 * Claims keys inside `tx` (distinct keys, in key order): {type:'new'} for each this call
 * took, else who holds it and what they answered. An expired row is taken over as if it
 * were absent. Shared with the instant rounds' writer, which claims in the round's own
 * transaction (ledger/rounds/instant.ts).
 */
export async function claimKeysTx(tx: Tx, keys: KeyRef[], now: string, cutoff: string): Promise<KeyState[]> {
  if (keys.length === 0) return [];
  // The outer SELECT reads the rows as they were before this statement: the holder of a
  // key someone else has.
  const rows = await tx.query<{ p: string; k: string; claimed: boolean; table_id: string | null; reply: StoredReply | null }>(
    `WITH req AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS r(p, k, t)),
     ins AS (
       INSERT INTO action_keys AS a (player_id, key, table_id, created_at)
       SELECT p, k, t, $4::timestamptz FROM req
       ON CONFLICT (player_id, key) DO UPDATE SET table_id = EXCLUDED.table_id, reply = NULL, created_at = EXCLUDED.created_at
         WHERE a.created_at <= $5
       RETURNING a.player_id, a.key)
     SELECT r.p, r.k, i.player_id IS NOT NULL AS claimed, a.table_id, a.reply
       FROM req r
       LEFT JOIN ins i ON i.player_id = r.p AND i.key = r.k
       LEFT JOIN action_keys a ON a.player_id = r.p AND a.key = r.k`,
    [keys.map((o) => o.player), keys.map((o) => o.key), keys.map((o) => o.tableId), now, cutoff]);
  const seen = new Map(rows.map((r) => [`${r.p}\0${r.k}`, r]));
  return keys.map((o) => {
    const r = seen.get(id(o))!;
    // Not claimed and no row in our snapshot: a concurrent claim won it just now.
    return r.claimed ? { type: 'new' } : r.table_id === null ? { type: 'pending', tableId: null } : stateOf({ table_id: r.table_id, reply: r.reply });
  });
}

/** Keeps replies (distinct keys, in key order); a key that already has a reply keeps its first. */
export async function putKeysTx(tx: Tx, puts: Array<KeyRef & { reply: StoredReply }>, now: string): Promise<void> {
  if (puts.length === 0) return;
  await tx.query(
    `INSERT INTO action_keys AS a (player_id, key, table_id, reply, created_at)
     SELECT p, k, t, r, $5::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS u(p, k, t, r)
     ON CONFLICT (player_id, key) DO UPDATE SET reply = EXCLUDED.reply WHERE a.reply IS NULL`,
    [puts.map((o) => o.player), puts.map((o) => o.key), puts.map((o) => o.tableId), puts.map((o) => JSON.stringify(o.reply)), now]);
}

/**
 * Writes answered keys that must be new (a plain INSERT: a key someone claimed meanwhile
 * fails the statement, and its writer goes the careful way). The instant rounds' batch
 * checked these keys absent in the same transaction.
 */
export async function insertAnsweredKeysTx(tx: Tx, rows: Array<KeyRef & { reply: StoredReply }>, now: string): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO action_keys (player_id, key, table_id, reply, created_at)
     SELECT p, k, t, r, $5::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS u(p, k, t, r)`,
    [rows.map((o) => o.player), rows.map((o) => o.key), rows.map((o) => o.tableId), rows.map((o) => JSON.stringify(o.reply)), now]);
}

/** Which of these keys have a row (answered, pending or expired): the instant batch leaves those to the careful path. */
export async function heldKeysTx(tx: Tx, keys: Array<{ player: string; key: string }>): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.query<{ p: string; k: string }>(
    `SELECT a.player_id AS p, a.key AS k FROM action_keys a JOIN unnest($1::text[], $2::text[]) AS u(p, k) ON a.player_id = u.p AND a.key = u.k`,
    [keys.map((o) => o.player), keys.map((o) => o.key)]);
  return new Set(rows.map((r) => keyId({ player: r.p, key: r.k })));
}

/** Frees a claim this transaction made when its act turned out to do nothing (a replayed round id). */
export async function unclaimKeyTx(tx: Tx, ref: KeyRef): Promise<void> {
  await tx.query('DELETE FROM action_keys WHERE player_id = $1 AND key = $2 AND reply IS NULL', [ref.player, ref.key]);
}

/** Deletes up to `limit` expired keys, oldest first: pruning keeps pace with claiming. */
export async function pruneKeysTx(tx: Tx, cutoff: string, limit: number): Promise<void> {
  await tx.query(
    `DELETE FROM action_keys WHERE (player_id, key) IN
       (SELECT player_id, key FROM action_keys WHERE created_at <= $1 ORDER BY created_at LIMIT $2)`, [cutoff, limit]);
}

function stateOf(r: { table_id: string; reply: StoredReply | null }): KeyState {
  return r.reply === null ? { type: 'pending', tableId: r.table_id } : { type: 'answered', tableId: r.table_id, reply: r.reply };
}

/** The first operation on each (player, key): ON CONFLICT may touch a row once per statement. */
function firstOfEach<T extends { player: string; key: string }>(ops: T[]): T[] {
  const first = new Map<string, T>();
  for (const o of ops) if (!first.has(id(o))) first.set(id(o), o);
  return [...first.values()];
}
