// Tables on demand. Each table is a transient child of one DynamicSupervisor: a crash
// restarts it (and its init resolves the interrupted round), an idle close does not.
// A unique Registry maps table id → the live pid; the registry forgets a pid when it exits.
// Chips always go home: when a table closes, the stacks it still holds (no seat holds
// them after a crash) return to the wallets; a player may ask for theirs at any table
// where they are not seated (returnChips).
import { randomBytes } from 'node:crypto';
import { DynamicSupervisor, Registry, call, isCleanExit, isShutdown, onExit, start, type Pid } from '../../runtime/index.ts';
import { PitbossError } from '../../errors.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { TableRoom, roomResult, tableSummary, type RoomArgs, type RoomCall, type RoomReply } from './room.ts';
import { heldChips, returnChips, returnStranded, type HeldChips } from './chips.ts';
import type { GameId, TableConfig, TableGame } from './types.ts';

export interface ManagerDeps {
  supervisor: Pid;
  ledger: Ledger;
  pubsub: PubSub;
  games: Partial<Record<GameId, TableGame<any>>>;
  graceMs?: number;
  idleMs?: number;
  chatHistory?: number;
  /** options every new table starts with (e.g. betting_ms), under its own */
  defaultOptions?: Record<string, unknown>;
  /** per game, options every new table of that game starts with (e.g. slots: {jackpot: 'mega'}) */
  gameOptions?: Partial<Record<GameId, Record<string, unknown>>>;
  onSettled?: RoomArgs['onSettled'];
  log?: RoomArgs['log'];
}

/** Defaults per game: seats, stakes, whether players share the table. */
const DEFAULTS: Record<GameId, Pick<TableConfig, 'seats' | 'minBet' | 'maxBet' | 'shared'>> = {
  slots: { seats: 1, minBet: 20, maxBet: 10_000, shared: false },
  roulette: { seats: 1, minBet: 10, maxBet: 50_000, shared: false },
  blackjack: { seats: 7, minBet: 100, maxBet: 50_000, shared: true },
  baccarat: { seats: 9, minBet: 100, maxBet: 50_000, shared: true },
  holdem: { seats: 9, minBet: 100, maxBet: 50_000, shared: true },
};

export class TableManager {
  readonly #deps: ManagerDeps;
  readonly #registry = new Registry<TableConfig>({ keys: 'unique', name: 'tables' });
  readonly #configs = new Map<string, TableConfig>();
  /** Seats taken per table, as each table reports them: listing tables calls none of them. */
  readonly #players = new Map<string, number>();

  constructor(deps: ManagerDeps) {
    this.#deps = deps;
  }

  games(): GameId[] {
    return Object.keys(this.#deps.games) as GameId[];
  }

  async create(game: GameId, over: Partial<Omit<TableConfig, 'game'>> = {}): Promise<TableConfig> {
    const impl = this.#deps.games[game];
    if (!impl) throw new PitbossError('not_found', `no game ${game}`);
    const config: TableConfig = {
      id: over.id ?? `${game}-${randomBytes(4).toString('hex')}`,
      game,
      name: over.name ?? `${game[0]!.toUpperCase()}${game.slice(1)}`,
      ...DEFAULTS[game],
      ...(over.seats !== undefined ? { seats: over.seats } : {}),
      ...(over.minBet !== undefined ? { minBet: over.minBet } : {}),
      ...(over.maxBet !== undefined ? { maxBet: over.maxBet } : {}),
      ...(over.shared !== undefined ? { shared: over.shared } : {}),
      options: { ...this.#deps.defaultOptions, ...this.#deps.gameOptions?.[game], ...over.options },
      ephemeral: over.ephemeral ?? true,
    };
    // A single-player table has one seat; a shared roulette table gets a full layout's worth.
    if (!config.shared) config.seats = 1;
    else if (config.seats === 1 && over.seats === undefined) config.seats = 8;
    const args: RoomArgs = { config, game: impl, ledger: this.#deps.ledger, pubsub: this.#deps.pubsub,
      graceMs: this.#deps.graceMs ?? 30_000, idleMs: this.#deps.idleMs ?? 300_000, chatHistory: this.#deps.chatHistory ?? 50,
      onSeats: (n) => this.#players.set(config.id, n),
      ...(this.#deps.onSettled ? { onSettled: this.#deps.onSettled } : {}), ...(this.#deps.log ? { log: this.#deps.log } : {}) };
    this.#configs.set(config.id, config);
    await DynamicSupervisor.startChild(this.#deps.supervisor, {
      id: config.id,
      restart: 'transient',
      shutdown: 5000,
      start: async () => {
        const pid = await start(TableRoom, args, { name: `table:${config.id}` });
        this.#registry.register(config.id, pid, config);
        // A table that closed (idle, or the server stopping) is not coming back: forget it.
        // A crash keeps it: the supervisor restarts the table under the same id.
        onExit(pid, (reason) => {
          if (!isCleanExit(reason)) return;
          this.#configs.delete(config.id);
          this.#players.delete(config.id);
          // A server stopping leaves the stacks to its next start-up (the ledger is closing too).
          if (!isShutdown(reason)) void this.#chipsHome(config.id);
        });
        return pid;
      },
    });
    return config;
  }

  /** Stacks a closed table still holds go home now, not at the next server start. */
  async #chipsHome(tableId: string): Promise<void> {
    try {
      await returnStranded(this.#deps.ledger, (id) => this.#configs.has(id), { tableId }, 'table_closed');
    } catch (err) {
      // Not lost: the stack stays in its account for the next start-up or the player's request.
      this.#deps.log?.error({ err, table: tableId }, 'returning chips of a closed table failed');
    }
  }

  /**
   * The player's stacks at every table where they hold no seat, back to the wallet. A table
   * that is running decides in its own process (it may be seating the player right now);
   * one that is not (closed, or crashed in an earlier run) is settled here.
   */
  async returnChips(playerId: string): Promise<HeldChips[]> {
    const out: HeldChips[] = [];
    for (const h of await heldChips(this.#deps.ledger, { playerId })) {
      let amount: number;
      if (!this.#configs.has(h.tableId)) {
        amount = await returnChips(this.#deps.ledger, h.tableId, playerId, 'player_request');
      } else {
        const pid = await this.await(h.tableId);
        if (!pid) continue;
        amount = roomResult<{ returned: number }>(await call<RoomReply>(pid, { t: 'cash_out', playerId } satisfies RoomCall)).returned;
      }
      if (amount > 0) out.push({ ...h, amount });
    }
    return out;
  }

  lookup(id: string): Pid | undefined {
    return this.#registry.whereis(id);
  }

  /** The live pid of a table, waiting briefly while a crashed table restarts. */
  async await(id: string, timeoutMs = 1000): Promise<Pid | undefined> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const pid = this.lookup(id);
      if (pid || !this.#configs.has(id) || Date.now() > until) return pid;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Every live table, for the lobby and GET /api/tables — from the directory the tables
   * keep up to date, not by asking each one: a lobby join asking thousands of tables in
   * turn made joins quadratic in the number of tables.
   */
  async list(): Promise<JsonObject[]> {
    const out: JsonObject[] = [];
    for (const key of this.#registry.keys()) {
      const config = this.#configs.get(key);
      if (config === undefined || !this.lookup(key)) continue;
      out.push(tableSummary(config, this.#players.get(key) ?? 0));
    }
    return out.sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  }

  /** An open table of that game with a free seat, created if there is none. */
  async find(opts: { game: GameId; minBet?: number; shared?: boolean }): Promise<string> {
    const shared = opts.shared ?? DEFAULTS[opts.game].shared;
    if (shared) {
      for (const t of await this.list()) {
        if (t['game'] !== opts.game || t['shared'] !== true) continue;
        if ((t['players'] as number) >= (t['seats'] as number)) continue;
        if (opts.minBet !== undefined && t['min_bet'] !== opts.minBet) continue;
        return t['id'] as string;
      }
    }
    const cfg = await this.create(opts.game, { shared, ...(opts.minBet !== undefined ? { minBet: opts.minBet } : {}) });
    return cfg.id;
  }
}
