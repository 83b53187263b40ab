// Idempotent actions: the first answer to a (player, key) is kept, and the same key sent
// again gets that answer without acting twice. Bounded per player (oldest forgotten
// first); round-opening actions are also protected across restarts by the ledger, whose
// round id is derived from the key.
/** A table's answer: a value, or a refusal the caller rethrows as a PitbossError. */
export type CachedReply = { ok: true; value: unknown } | { ok: false; error: Record<string, unknown> };

export class ActCache {
  readonly #perPlayer: number;
  readonly #byPlayer = new Map<string, Map<string, CachedReply>>();

  constructor(perPlayer = 256) {
    this.#perPlayer = perPlayer;
  }

  get(playerId: string, key: string): CachedReply | undefined {
    return this.#byPlayer.get(playerId)?.get(key);
  }

  set(playerId: string, key: string, reply: CachedReply): void {
    let m = this.#byPlayer.get(playerId);
    if (m === undefined) this.#byPlayer.set(playerId, (m = new Map()));
    m.set(key, reply);
    if (m.size > this.#perPlayer) m.delete(m.keys().next().value!);
  }

  forget(playerId: string): void {
    this.#byPlayer.delete(playerId);
  }
}
