// What a table's rounds have in common, however they are played (effects.ts step by step,
// instant.ts in one ledger unit): the round's id and seeds, the header the ledger records
// of it, the journal's opening step, the public `settled` event, and the hook that runs
// after a settlement.
import { createHash, randomBytes } from 'node:crypto';
import type { Ledger, Seeds, SettleResult } from '../../ledger/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { Settlement } from '../promotions/on_settled.ts';
import { CURRENCY } from '../currency.ts';
import { seedsFor, settledSeeds, type RoundSeeds } from './seeds.ts';
import type { Seat, TableConfig, TableEvent } from './types.ts';

/** An act sent with an idempotency key. */
export type ActKey = { playerId: string; key: string };

export type TableLog = { error(obj: object, msg: string): void };

export interface RoundsDeps {
  config: TableConfig;
  rulesVersion: string;
  ledger: Ledger;
  /** after every settlement: jackpot announcements, tournament entries (must not throw into the table) */
  onSettled?: (s: Settlement) => Promise<void>;
  log?: TableLog;
}

export class TableRounds {
  readonly #config: TableConfig;
  readonly #rulesVersion: string;
  readonly #ledger: Ledger;
  readonly #onSettled: RoundsDeps['onSettled'];
  readonly #log: TableLog | undefined;

  constructor(d: RoundsDeps) {
    this.#config = d.config;
    this.#rulesVersion = d.rulesVersion;
    this.#ledger = d.ledger;
    this.#onSettled = d.onSettled;
    this.#log = d.log;
  }

  /**
   * A fresh round's id and seeds (seeds.ts: the player's seed pair at a single-player table,
   * the table's pair otherwise). Keyed acts get an id derived from the key: a retried key
   * after a crash can never stake twice.
   */
  async fresh(key: ActKey | null, players: string[]): Promise<{ id: string; seeds: RoundSeeds }> {
    const c = this.#config;
    const id = key ? roundIdFor(c.id, key.playerId, key.key) : `r_${randomBytes(9).toString('base64url')}`;
    return { id, seeds: await seedsFor(this.#ledger, { tableId: c.id, game: c.game, shared: c.shared, players }) };
  }

  /** What the ledger records of every round of this table. */
  header(roundId: string, seeds: Seeds) {
    const c = this.#config;
    return { roundId, game: c.game, tableId: c.id, rulesVersion: this.#rulesVersion, currency: CURRENCY, seeds,
      ...(typeof c.options['jackpot'] === 'string' ? { jackpotPool: c.options['jackpot'] } : {}) };
  }

  /** Promotions run beside the table, never inside its failure domain. */
  settled(roundId: string, s: SettleResult, settleMs: number): void {
    const c = this.#config;
    this.#onSettled?.({ roundId, game: c.game, tableId: c.id, settleMs, results: s.results, jackpot: s.jackpot })
      .catch((err: unknown) => this.#log?.error({ err, table: this.#config.id }, 'after-settlement hook failed'));
  }
}

export function roundIdFor(tableId: string, playerId: string, key: string): string {
  return `k_${createHash('sha256').update(`${tableId}\0${playerId}\0${key}`).digest('base64url').slice(0, 22)}`;
}

/**
 * The step that opens a round carries what a replay starts from: the table and, for games
 * that ask (`journalState`), the game's state before the step.
 */
export function journalOpening(config: TableConfig, seats: ReadonlyMap<number, Seat>, state: unknown, withState: boolean): JsonObject {
  return { table: { config, seats: [...seats.values()], ...(withState ? { state } : {}) } } as unknown as JsonObject;
}

/** The public `settled` event: the outcome, each player's stake and win, and what may be said of the seeds. */
export function settledEvent(roundId: string, outcome: JsonObject, seeds: RoundSeeds, results: SettleResult['results']): TableEvent {
  return { type: 'settled', round_id: roundId, outcome, ...settledSeeds(seeds),
    results: results.map((x) => ({ player_id: x.player, staked: x.stake, won: x.payout })) };
}
