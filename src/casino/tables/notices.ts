// What a table tells a player on their own topic (player:<id>, the player channel): each
// balance change as it happens, and the notices recovery left in the outbox. A player
// with no player channel on this node gets neither — no balance is read for nobody — and
// finds the notices waiting in the outbox when they connect.
import type { Ledger } from '../../ledger/index.ts';
import type { PubSub } from '../../wire/index.ts';
import { deliverNotices, playerTopic } from '../player_topic.ts';
import { CURRENCY } from '../currency.ts';

export class PlayerNotices {
  readonly #ledger: Ledger;
  readonly #pubsub: PubSub;
  readonly #tableId: string;

  constructor(ledger: Ledger, pubsub: PubSub, tableId: string) {
    this.#ledger = ledger;
    this.#pubsub = pubsub;
    this.#tableId = tableId;
  }

  /** A balance change; the balance after it when the caller knows it, else it is read. */
  async balance(playerId: string, delta: number, reason: string, balance?: number): Promise<void> {
    if (this.#pubsub.localSubscriberCount(playerTopic(playerId)) === 0) return;
    const now = balance ?? (await this.#ledger.wallet.playerBalance(playerId, CURRENCY));
    void this.#pubsub.broadcast(playerTopic(playerId), 'balance', { balance: now, delta, reason, table_id: this.#tableId });
  }

  /** Delivers a player's waiting notices now if their player channel is open; else they wait in the outbox. */
  async deliver(playerId: string): Promise<void> {
    if (this.#pubsub.localSubscriberCount(playerTopic(playerId)) === 0) return;
    await deliverNotices(this.#ledger, (t, e, p) => this.#pubsub.broadcast(t, e, p), playerId);
  }
}
