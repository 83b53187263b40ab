// Players in the store, their play money in the ledger. A guest is credited its
// starting balance by a deposit whose idempotency key is derived from its id, so a
// retried sign-up can never credit twice.
import { randomBytes } from 'node:crypto';
import type { Ledger } from '../ledger/index.ts';
import type { PlayerDirectory, PlayerInfo } from './players.ts';

export const PLAY_CURRENCY = 'PLAY';

export class PlayerStore implements PlayerDirectory {
  readonly #ledger: Ledger;
  readonly #guestBalance: number;

  constructor(ledger: Ledger, opts: { guestBalance: number }) {
    this.#ledger = ledger;
    this.#guestBalance = opts.guestBalance;
  }

  async createGuest(name: string): Promise<PlayerInfo> {
    // 60 random bits, base36: short enough for topics and logs, unguessable enough that ids leak nothing.
    const playerId = `g${BigInt('0x' + randomBytes(8).toString('hex')).toString(36)}`;
    await this.#ledger.store.query('INSERT INTO players (id, name, kind) VALUES ($1, $2, $3)', [playerId, name, 'guest']);
    if (this.#guestBalance > 0) {
      await this.#ledger.wallet.deposit({
        player: playerId,
        currency: PLAY_CURRENCY,
        amount: this.#guestBalance,
        key: `guest-credit:${playerId}`,
        memo: { reason: 'guest play money' },
      });
    }
    return { playerId, name, balance: await this.balance(playerId) };
  }

  /** Known player, or an operator-issued identity seen for the first time (recorded on the fly). */
  async get(playerId: string): Promise<PlayerInfo | null> {
    const rows = await this.#ledger.store.query<{ name: string }>('SELECT name FROM players WHERE id = $1', [playerId]);
    if (rows.length === 0) return null;
    return { playerId, name: rows[0]!.name, balance: await this.balance(playerId) };
  }

  /** Records an operator's player on first contact (their wallet is the operator's business). */
  async ensure(playerId: string, name: string): Promise<void> {
    await this.#ledger.store.query('INSERT INTO players (id, name, kind) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [playerId, name, 'operator']);
  }

  balance(playerId: string): Promise<number> {
    return this.#ledger.wallet.playerBalance(playerId, PLAY_CURRENCY);
  }
}
