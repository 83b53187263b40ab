// Idempotent actions: a player's key names one action, and the same key sent again gets
// the first answer without acting twice — at this table or another, after a table crash
// or a server restart. The answers live in the ledger (ledger/action_keys.ts); this is a
// bounded front for the players at this table, which the table forgets as they leave.
//
// A refusal is not kept: nothing moved, so the key is released and a retry may succeed
// (after a deposit, say). A key whose first act never answered (a crash mid-act) is
// refused with key_pending rather than played again: what it moved, recovery resolved.
import type { ActionKeys, KeyState, StoredReply } from '../../ledger/index.ts';
import { PitbossError, isReason } from '../../errors.ts';
import { refused, type TableReply } from './reply.ts';

/** A key's answer, as the table gave it the first time. */
export type CachedReply = TableReply;

/**
 * An act found its key held by an earlier act (here, at another table, before a restart):
 * `reply` is what that act answered, or key_pending. Thrown before anything moved.
 */
export class KeyTaken extends PitbossError {
  readonly reply: CachedReply;
  constructor(reply: CachedReply) {
    super('key_pending', 'the key was already used');
    this.reply = reply;
  }
}

/** How the effects claim an act's key: in its first stake's transaction, or alone first (act_cache.ts, effects.ts). */
export interface PendingKey {
  player: string;
  key: string;
  tableId: string;
  /** Claims alone; the first answer when the key was held, or null: it is ours. */
  alone(): Promise<CachedReply | null>;
  /** The answer a held key gives (from the state a stake's transaction found). */
  taken(s: KeyState): CachedReply;
}

export interface ActCacheOptions {
  /** Answers kept per player (default 64; the oldest go first, the ledger still has them). */
  perPlayer?: number;
  /** Players kept (default 256; the least recently active go first). */
  players?: number;
  /** A reply that moved money but could not be kept (the client still gets it). */
  onError?: (err: unknown) => void;
}

export class ActCache {
  readonly #keys: ActionKeys;
  readonly #tableId: string;
  readonly #perPlayer: number;
  readonly #players: number;
  readonly #onError: (err: unknown) => void;
  readonly #byPlayer = new Map<string, Map<string, CachedReply>>();

  constructor(keys: ActionKeys, tableId: string, opts: ActCacheOptions = {}) {
    this.#keys = keys;
    this.#tableId = tableId;
    this.#perPlayer = opts.perPlayer ?? 64;
    this.#players = opts.players ?? 256;
    this.#onError = opts.onError ?? (() => {});
  }

  /** The first answer to this key, or null: the key is now this table's to act on. */
  async claim(playerId: string, key: string): Promise<CachedReply | null> {
    const seen = this.recall(playerId, key);
    if (seen) return seen;
    let s;
    try {
      s = await this.#keys.claim(playerId, key, this.#tableId);
    } catch (err) {
      throw new PitbossError('unavailable', 'the action could not be checked against its key; try again', {}, { cause: err });
    }
    return this.taken(playerId, key, s);
  }

  /** The answer this table remembers for the key, without asking the ledger. */
  recall(playerId: string, key: string): CachedReply | null {
    return this.#byPlayer.get(playerId)?.get(key) ?? null;
  }

  /**
   * What a key's state means for the act: null when it is new (ours to act on), else the
   * answer a retry gets — the first answer, or key_pending for an act that never answered.
   */
  taken(playerId: string, key: string, s: KeyState): CachedReply | null {
    if (s.type === 'new') return null;
    if (s.type === 'pending') {
      return refused(new PitbossError('key_pending', undefined, s.tableId ? { table_id: s.tableId } : {}));
    }
    const reply = fromStored(s.reply);
    this.#remember(playerId, key, reply);
    return reply;
  }

  /** The first answer to a key this act did not claim (without claiming it), or null: nobody holds it. */
  async lookup(playerId: string, key: string): Promise<CachedReply | null> {
    let s;
    try {
      s = await this.#keys.get(playerId, key);
    } catch (err) {
      throw new PitbossError('unavailable', 'the action could not be checked against its key; try again', {}, { cause: err });
    }
    return this.taken(playerId, key, s);
  }

  /** An answer the ledger already kept with the act's own write (instant rounds): remembered here only. */
  kept(playerId: string, key: string, reply: CachedReply): void {
    if (reply.ok) this.#remember(playerId, key, reply);
  }

  /** Keeps an answer, in the ledger before the client sees it; a refusal frees the key. */
  async settle(playerId: string, key: string, reply: CachedReply): Promise<void> {
    try {
      if (!reply.ok) return await this.#keys.release(playerId, key);
      this.#remember(playerId, key, reply);
      await this.#keys.put(playerId, key, this.#tableId, { status: 'ok', response: reply.value as Record<string, unknown> });
    } catch (err) {
      // The answer stands (money moved); unkept, a retry after a restart gets key_pending.
      this.#onError(err);
    }
  }

  forget(playerId: string): void {
    this.#byPlayer.delete(playerId);
  }

  #remember(playerId: string, key: string, reply: CachedReply): void {
    let m = this.#byPlayer.get(playerId);
    this.#byPlayer.delete(playerId); // re-inserted last: the least recently active player is first
    if (m === undefined) m = new Map();
    this.#byPlayer.set(playerId, m);
    m.set(key, reply);
    if (m.size > this.#perPlayer) m.delete(m.keys().next().value!);
    if (this.#byPlayer.size > this.#players) this.#byPlayer.delete(this.#byPlayer.keys().next().value!);
  }
}

function fromStored(r: StoredReply): CachedReply {
  if (r.status === 'ok') return { ok: true, value: r.response };
  // Only answers are stored (a refusal frees its key); an older row's refusal reads back as one.
  const reason = r.response['reason'];
  return { ok: false, error: { ...r.response, reason: isReason(reason) ? reason : 'internal_error', message: String(r.response['message'] ?? '') } };
}
