// Tables on demand. Each table is a transient child of one DynamicSupervisor: a crash
// restarts it (and its init resolves the interrupted round), an idle close does not.
// A unique Registry maps table id → the live pid; the registry forgets a pid when it exits.
// Chips always go home: when a table closes, the stacks it still holds (no seat holds
// them after a crash) return to the wallets; a player may ask for theirs at any table
// where they are not seated (returnChips). Lobby members hear of every change to the
// listing (lobby_feed.ts): a table opened, closed, or its seats taken or freed.
// A single-player table with nothing in progress hibernates (hibernation.ts): its process
// exits and the manager keeps its record; it stays listed, and the next message for it —
// wake(), await(), a member's channel closing — starts a process from that record.
import { randomBytes } from 'node:crypto';
import { DynamicSupervisor, Registry, call, send, isAlive, isCleanExit, isProcessError, isShutdown, onExit, start, whenExited, type Pid } from '../../runtime/index.ts';
import { PitbossError } from '../../errors.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { CONFIG_CHANGED, TableRoom, type RoomArgs, type RoomCall, type RoomReply } from './room.ts';
import { unwrap } from './reply.ts';
import { tableSummary } from './summary.ts';
import { SortedDirectory } from './directory.ts';
import { LobbyFeed } from './lobby_feed.ts';
import { heldChips, returnChips, returnStranded, type HeldChips } from './chips.ts';
import { isHibernation, type Slumber } from './hibernation.ts';
import { isMoved, type HandOver } from './hand_over.ts';
import { SeqFloor, type TableSeqsHook } from './seq_floor.ts';
import type { GameId, SettingsSource, TableConfig, TableGame } from './types.ts';

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
  /** a table crashing more often than this is closed, its round completed (default 3 in 10 s) */
  restartBudget?: { maxRestarts: number; maxSeconds: number };
  /** private tables one player may have open at once (default 4) */
  maxTablesPerPlayer?: number;
  /** how long listing changes gather before one `tables_changed` push to the lobby (ms, default 250) */
  lobbyFeedMs?: number;
  /** Cluster mode: the cluster's table directory (src/cluster/table_claims.ts). */
  claims?: TableClaimsHook;
  /** Cluster mode: each table's event-number ceiling, so `seq` keeps rising across a move (seq_floor.ts). */
  seqs?: TableSeqsHook;
  /** a single-player table with nothing in progress hibernates after this long without a message (ms, default 30 s; 0: never) */
  hibernateMs?: number;
  /** The hall's runtime settings per game (casino/config): new tables start with them, running ones take them between rounds. */
  settings?: SettingsSource;
}

/**
 * Cluster mode: a table is claimed before it starts (refused when another live node holds
 * its id), its listing rows follow the lobby feed, and its claim is released when it
 * closes for good — not when the node stops, so a new owner takes it over.
 */
export interface TableClaimsHook {
  claim(config: JsonObject & { id: string }, row: JsonObject): Promise<unknown>;
  listed(changed: JsonObject[], removed: string[]): unknown;
  release(id: string): unknown;
  /** A table that failed to start here: back to the cluster as an orphan, for the next adoption (its open round is not dropped). */
  giveUp?(id: string): unknown;
}

export const DEFAULT_HIBERNATE_MS = 30_000;

/** A hibernated table: its record, its old process until it is gone, how to start it again, its members' channels watched. */
interface Sleeper {
  slumber: Slumber;
  /** settles once the old process is dead (then null: a dead process's pid is not kept) */
  gone: Promise<void> | null;
  /** what #start takes to start it again */
  config: TableConfig;
  args: RoomArgs;
  forget: () => void;
  unwatch: Array<() => void>;
}

/** Defaults per game: seats, stakes, whether players share the table. */
const DEFAULTS: Record<GameId, Pick<TableConfig, 'seats' | 'minBet' | 'maxBet' | 'shared'>> = {
  slots: { seats: 1, minBet: 20, maxBet: 10_000, shared: false },
  roulette: { seats: 1, minBet: 10, maxBet: 50_000, shared: false },
  blackjack: { seats: 7, minBet: 100, maxBet: 50_000, shared: true },
  baccarat: { seats: 9, minBet: 100, maxBet: 50_000, shared: true },
  holdem: { seats: 9, minBet: 100, maxBet: 50_000, shared: true },
};

/** A game's built-in table limits (what the hall's configuration starts from: casino/config). */
export const defaultLimits = (game: GameId): { minBet: number; maxBet: number } => ({ minBet: DEFAULTS[game].minBet, maxBet: DEFAULTS[game].maxBet });

/** Whether a new table of `game` is shared when find_table does not say. */
export const sharedByDefault = (game: GameId): boolean => DEFAULTS[game].shared;

/** One page of the table listing; `next` is the `after` of the following page, null on the last. */
export interface TablePage {
  tables: JsonObject[];
  next: string | null;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export class TableManager {
  readonly #deps: ManagerDeps;
  readonly #registry = new Registry<TableConfig>({ keys: 'unique', name: 'tables' });
  /** Every table not closed, kept in id order as tables come and go: listings page through it unsorted. */
  readonly #configs = new SortedDirectory<TableConfig>();
  /** Seats taken per table, as each table reports them: listing tables calls none of them. */
  readonly #players = new Map<string, number>();
  /** The private tables each player has open, by id (find_table reuses them; a cap bounds them all). */
  // An array, not a Set: a player holds at most `maxTablesPerPlayer` (4), and a Set costs ~230 bytes per player.
  readonly #owned = new Map<string, string[]>();
  readonly #feed: LobbyFeed;
  /** Where each table's event numbers go on from when its process starts again. */
  readonly #seqs: SeqFloor;
  #crashes = 0;
  /** Tables staff are closing (drain.ts), and who asked: find() skips them, a restart drains again. */
  readonly #draining = new Map<string, string>();
  readonly #sharedOptions = new Map<GameId, Readonly<Record<string, unknown>>>();
  /** Hibernated tables by id (listed, no process). */
  readonly #asleep = new Map<string, Sleeper>();
  /** Wakings under way, so that concurrent callers share one. */
  readonly #waking = new Map<string, Promise<Pid | undefined>>();
  /** Pids that exited to hibernate: a call that failed on one was never handled, and may be sent again. */
  readonly #slept = new WeakSet<Pid>();
  /** Tables handing over to another node (hand_over.ts): who takes the record, and the move's end. */
  readonly #handing = new Map<string, (h: HandOver) => boolean>();
  readonly #moving = new Map<string, Promise<void>>();
  /** Tables that left this node by a hand-over: their channels here tell clients the table moved, not closed. */
  readonly #movedAway = new Set<string>();

  constructor(deps: ManagerDeps) {
    this.#deps = deps;
    this.#seqs = new SeqFloor(deps.seqs, (err) => deps.log?.error({ err }, 'table seq ceiling not written'));
    this.#feed = new LobbyFeed({ pubsub: deps.pubsub, row: (id) => this.#row(id), ...(deps.lobbyFeedMs !== undefined ? { windowMs: deps.lobbyFeedMs } : {}),
      ...(deps.claims ? { listed: (c: JsonObject[], r: string[]) => void deps.claims!.listed(c, r) } : {}) });
    // A game's settings changed: every live table of it is nudged, and takes them now or
    // after its running round (room.ts). Sleeping tables take them when they wake.
    if (deps.settings) {
      const off = deps.settings.onChange((games) => this.#nudge(games));
      onExit(deps.supervisor, off);
    }
  }

  #nudge(games: GameId[]): void {
    for (const [id, c] of this.#configs.after()) {
      if (!games.includes(c.game)) continue;
      const pid = this.lookup(id);
      if (pid) send(pid, CONFIG_CHANGED);
    }
  }

  /**
   * Whether find_table's `min_bet` still picks tables of `game`: not once the hall's
   * configuration sets that game's limits — every table of it then runs them, and a
   * requested minimum would match none and open a new table at every request.
   */
  honoursMinBet(game: GameId): boolean {
    return !this.#deps.settings?.of(game);
  }

  /** Per game, how many tables run and how many wait for their round to end to take newer settings; the waiting ones by id. */
  configCensus(): { by_game: Record<string, { tables: number; pending: number }>; pending: Array<{ id: string; game: GameId; config_version: number }> } {
    const byGame: Record<string, { tables: number; pending: number }> = {};
    const pending: Array<{ id: string; game: GameId; config_version: number }> = [];
    for (const [id, c] of this.#configs.after()) {
      const g = (byGame[c.game] ??= { tables: 0, pending: 0 });
      g.tables++;
      const v = this.configOf(id)!;
      if (v.pending) {
        g.pending++;
        if (pending.length < 500) pending.push({ id, game: c.game, config_version: v.version });
      }
    }
    return { by_game: byGame, pending };
  }

  /** The hall configuration version a table runs, and whether a newer one waits for its round to end. */
  configOf(id: string): { version: number; pending: boolean } | null {
    const c = this.#configs.get(id);
    if (!c) return null;
    const version = c.configVersion ?? 0;
    return { version, pending: (this.#deps.settings?.of(c.game)?.version ?? 0) > version };
  }

  /** The DynamicSupervisor every table runs under. */
  get supervisor(): Pid {
    return this.#deps.supervisor;
  }

  games(): GameId[] {
    return Object.keys(this.#deps.games) as GameId[];
  }

  /** `handedOver`: the record a draining node handed this table over with (it starts from it; hand_over.ts). */
  async create(game: GameId, over: Partial<Omit<TableConfig, 'game'>> = {}, owner?: string, handedOver?: HandOver): Promise<TableConfig> {
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
      options: over.options === undefined ? this.#defaultOptions(game) : { ...this.#deps.defaultOptions, ...this.#deps.gameOptions?.[game], ...over.options },
      ephemeral: over.ephemeral ?? true,
    };
    // The hall's settings for the game, if an administrator set them (find_table's min_bet then picks nothing).
    const settings = this.#deps.settings?.of(game);
    if (settings) Object.assign(config, { minBet: settings.minBet, maxBet: settings.maxBet, options: { ...config.options, ...settings.options }, configVersion: settings.version });
    // A single-player table has one seat; a shared roulette table gets a full layout's worth.
    if (!config.shared) config.seats = 1;
    else if (config.seats === 1 && over.seats === undefined) config.seats = 8;
    const args: RoomArgs = { config, game: impl, ledger: this.#deps.ledger, pubsub: this.#deps.pubsub,
      graceMs: this.#deps.graceMs ?? 30_000, idleMs: this.#deps.idleMs ?? 300_000, chatHistory: this.#deps.chatHistory ?? 50,
      onSeats: (n) => {
        this.#players.set(config.id, n);
        this.#feed.changed(config.id);
      },
      hibernateMs: this.#deps.hibernateMs ?? DEFAULT_HIBERNATE_MS,
      onSeq: (seq) => this.#seqs.noted(config.id, seq),
      ...(this.#deps.settings ? { settings: (g: GameId) => this.#deps.settings!.of(g), onConfig: () => this.#feed.changed(config.id) } : {}),
      onHibernate: (slumber, pid) => this.#hibernated(config.id, pid, { slumber, gone: null, config, args, forget, unwatch: [] }),
      onHandOver: (h) => this.#handing.get(config.id)?.(h) ?? false,
      ...(handedOver ? { handedOver } : {}),
      ...(this.#deps.onSettled ? { onSettled: this.#deps.onSettled } : {}), ...(this.#deps.log ? { log: this.#deps.log } : {}) };
    // Cluster mode: the id is ours only once claimed (a live node holding it refuses the claim).
    if (this.#configs.has(config.id)) throw new PitbossError('invalid_action', `table ${config.id} is already open`);
    this.#movedAway.delete(config.id); // back here (a hand-over to this node again)
    await this.#deps.claims?.claim(config as unknown as JsonObject & { id: string }, tableSummary(config, 0));
    this.#configs.set(config.id, config);
    if (owner !== undefined) this.#own(owner, config.id);
    // Handed over between rounds: its number is exact (the old owner stopped), so it numbers on from it, not from the ceiling.
    if (handedOver) this.#seqs.noted(config.id, handedOver.seq);
    // A table that fails to start leaves nothing behind: no config, no directory entry, no owner.
    const forget = () => {
      this.#seqs.drop(config.id);
      this.#configs.delete(config.id);
      this.#draining.delete(config.id);
      this.#players.delete(config.id);
      if (owner !== undefined) this.#disown(owner, config.id);
      this.#feed.changed(config.id);
    };
    try {
      await this.#start(config, args, forget);
    } catch (err) {
      forget();
      // Its journal may hold an open round: in a cluster the table goes back as an orphan for
      // the next adoption to complete, never dropped with the round in it.
      const claims = this.#deps.claims;
      if (claims?.giveUp) void claims.giveUp(config.id);
      else void claims?.release(config.id);
      throw err;
    }
    return config;
  }

  /** A game's default options, one frozen object for every table that takes them as they are. */
  #defaultOptions(game: GameId): Record<string, unknown> {
    let o = this.#sharedOptions.get(game);
    if (!o) this.#sharedOptions.set(game, (o = Object.freeze({ ...this.#deps.defaultOptions, ...this.#deps.gameOptions?.[game] })));
    return o;
  }

  #own(owner: string, id: string): void {
    const mine = this.#owned.get(owner);
    if (!mine) this.#owned.set(owner, [id]);
    else if (!mine.includes(id)) mine.push(id);
  }

  #disown(owner: string, id: string): void {
    const mine = this.#owned.get(owner);
    const i = mine ? mine.indexOf(id) : -1;
    if (i < 0) return;
    mine!.splice(i, 1);
    if (mine!.length === 0) this.#owned.delete(owner);
  }

  async #start(config: TableConfig, args: RoomArgs, forget: () => void): Promise<void> {
    await DynamicSupervisor.startChild(this.#deps.supervisor, {
      id: config.id,
      restart: 'transient',
      shutdown: 5000,
      // Each table has its own restart budget: a table that keeps crashing is closed on
      // its own, and never exhausts the supervisor that all tables share.
      intensity: this.#deps.restartBudget ?? { maxRestarts: 3, maxSeconds: 10 },
      onGiveUp: (reason) => {
        forget();
        // Released only once its round is completed: until then the claim's fence is what lets this node write it.
        void this.#abandon(config, reason).finally(() => this.#deps.claims?.release(config.id));
      },
      start: async () => {
        // Woken from hibernation: from its record, once (a crash after that recovers from the journal as usual).
        const sleeper = this.#asleep.get(config.id);
        this.#asleep.delete(config.id);
        // Numbered on from the table's last process (a crash here, or its previous owner's ceiling).
        const startSeq = await this.#seqs.startAt(config.id);
        const pid = await start(TableRoom, { ...args, startSeq, ...(sleeper ? { woken: sleeper.slumber } : {}) }, { name: `table:${config.id}` });
        this.#registry.register(config.id, pid, config);
        // A table that crashed while draining comes back draining (its process forgot).
        const by = this.#draining.get(config.id);
        if (by !== undefined) void call<RoomReply>(pid, { type: 'drain', by } satisfies RoomCall).catch(() => {});
        this.#feed.changed(config.id); // listed from now on (again, after a crash)
        // A table that closed (idle, or the server stopping) is not coming back: forget it.
        // A crash keeps it: the supervisor restarts the table under the same id.
        onExit(pid, (reason) => {
          if (isHibernation(reason)) return; // still listed, still the player's: the manager holds its record
          // Handed over (hand_over.ts): gone from here; its claim and its players' stacks are the new owner's.
          if (isMoved(reason)) return forget();
          if (!isCleanExit(reason)) {
            this.#crashes++;
            return this.#feed.changed(config.id); // unlisted while it restarts
          }
          forget();
          // A server stopping leaves the stacks to its next start-up (the ledger is closing too).
          if (isShutdown(reason)) return;
          void this.#deps.claims?.release(config.id); // closed for good; a stopping node keeps its claims for the next owner
          void this.#chipsHome(config.id);
        });
        return pid;
      },
    });
  }

  /** Table processes that ended abnormally since start (alerts and metrics read the running total). */
  get crashes(): number {
    return this.#crashes;
  }

  /**
   * Cluster mode, this node's lease lost: it is presumed dead and its tables are moving to
   * other nodes, so every table here stops now, as at a shutdown — claims kept for their new
   * owners, stacks and open rounds left to them (the ledger already refuses this node's
   * writes to those tables: docs/cluster.md, fencing).
   */
  async standDown(): Promise<void> {
    const pids = [...this.#configs.keys()].map((id) => this.lookup(id)).filter((p): p is Pid => p !== undefined);
    await Promise.all(pids.map((pid) => DynamicSupervisor.terminateChild(this.#deps.supervisor, pid).catch(() => {})));
  }

  /** Ids of every table this node runs (hibernated and restarting ones included). */
  ids(): string[] {
    return [...this.#configs.keys()];
  }

  /**
   * Cluster mode, this node draining: moves one table to another node between rounds. The
   * table refuses new rounds at once, finishes the running one and exits with its HandOver
   * record, which `deliver` gives to the new owner (the claim handed off in Redis, the new
   * owner asked to start it). Resolves `moved`, `gone` (no such table, or it closed), or
   * `left` when no record came by `deadline` (a round still running, the table crashed):
   * such a table is left to the node's stop, and failover, as before.
   */
  async handOver(id: string, deliver: (config: TableConfig, h: HandOver, owner: string | undefined) => Promise<void>, deadline: number): Promise<'moved' | 'gone' | 'left'> {
    const config = this.#configs.get(id);
    if (config === undefined) return 'gone';
    const pid = await this.wake(id);
    if (pid === undefined) return this.#configs.has(id) ? 'left' : 'gone'; // restarting after a crash: left to the stop
    const owner = this.#ownerOf(id); // read now: the table's exit disowns it
    let record: HandOver | undefined;
    let moved!: () => void;
    this.#moving.set(id, new Promise<void>((r) => (moved = r)));
    this.#handing.set(id, (h) => {
      record = h;
      return true;
    });
    try {
      try {
        await call<RoomReply>(pid, { type: 'hand_over' } satisfies RoomCall, Math.max(1, deadline - Date.now()));
      } catch {
        // It exited on the way (handed over, closed, or crashed): the record says which.
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([whenExited(pid), new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
      if (record === undefined) return isAlive(pid) || this.#configs.has(id) ? 'left' : 'gone';
      this.#movedAway.add(id);
      await deliver(config, record, owner);
      return 'moved';
    } finally {
      this.#handing.delete(id);
      this.#moving.delete(id);
      moved();
    }
  }

  /** The player whose private table this is, if it is one. */
  #ownerOf(id: string): string | undefined {
    for (const [owner, ids] of this.#owned) if (ids.includes(id)) return owner;
    return undefined;
  }

  /** The table is handing over to another node right now. */
  isMoving(id: string): boolean {
    return this.#moving.has(id);
  }

  /** The table left this node by a hand-over (its channels say `table_moved`). */
  movedAway(id: string): boolean {
    return this.#movedAway.has(id);
  }

  /** The game adapter of a table (the channel parses actions with its schemas). */
  gameOf(id: string): TableGame<unknown> | undefined {
    const config = this.#configs.get(id);
    return config === undefined ? undefined : this.#deps.games[config.game];
  }

  /**
   * A table given up after too many crashes: forget it, and complete its open round from
   * the journal with the clock's defaults (refund only where nothing was drawn), so no
   * round is left without a table to finish it.
   */
  async #abandon(config: TableConfig, reason: unknown): Promise<void> {
    this.#deps.log?.error({ table: config.id, reason }, 'table closed after crashing too often');
    try {
      await this.#deps.ledger.rounds.recover({ tableId: config.id, allNodes: true, actor: `table:${config.id}` });
    } catch (err) {
      this.#deps.log?.error({ err, table: config.id }, 'could not complete the round of a closed table');
    }
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
        const reply = await this.callTable(h.tableId, { type: 'cash_out', playerId });
        if (!reply) continue;
        amount = unwrap<{ returned: number }>(reply).returned;
      }
      if (amount > 0) out.push({ ...h, amount });
    }
    return out;
  }

  /**
   * Closes a table between rounds (drain.ts): it refuses new rounds at once, finishes the
   * running one, then closes. Answers the table's state and whether a round still runs.
   */
  async drain(id: string, by: string): Promise<{ state: string; round_running: boolean }> {
    // A hibernated table wakes to be drained (a sleeping one has no round: it closes at once).
    const pid = await this.wake(id);
    if (!pid) throw new PitbossError('not_found', `no table ${id}`);
    this.#draining.set(id, by);
    try {
      return unwrap<{ state: string; round_running: boolean }>(await call<RoomReply>(pid, { type: 'drain', by } satisfies RoomCall));
    } catch (err) {
      // It closed (idle) or crashed just now. A crashed table restarts draining (#start), its
      // round resolved by recovery before anything else, so none runs; a closed one is gone.
      if (isProcessError(err, 'noproc') || isProcessError(err, 'exit')) {
        if (this.#configs.has(id)) return { state: 'draining', round_running: false };
        throw new PitbossError('not_found', `table ${id} closed`);
      }
      throw err;
    }
  }

  /** Tables not closed (a crashed one restarting included), by game, and how many are draining: for the admin API and metrics. */
  census(): { total: number; draining: number; by_game: Record<string, number> } {
    const byGame: Record<string, number> = {};
    for (const game of this.games()) byGame[game] = 0;
    for (const [, c] of this.#configs.after()) byGame[c.game] = (byGame[c.game] ?? 0) + 1;
    return { total: this.#configs.size, draining: this.#draining.size, by_game: byGame };
  }

  /** Whether staff are closing the table. */
  isDraining(id: string): boolean {
    return this.#draining.has(id);
  }

  /** The live pid of a table (none while it restarts or hibernates). */
  lookup(id: string): Pid | undefined {
    return this.#registry.whereis(id);
  }

  /** The table is hibernating: listed, with no process until something wakes it. */
  asleep(id: string): boolean {
    return this.#asleep.has(id);
  }

  /** This pid exited to hibernate: a call it failed was never handled (the table sleeps only between messages). */
  hibernated(pid: Pid): boolean {
    return this.#slept.has(pid);
  }

  /** The live pid of a table, started from its record if it hibernates; undefined if there is no such table. */
  wake(id: string): Promise<Pid | undefined> {
    const live = this.lookup(id);
    if (live) return Promise.resolve(live);
    const sleeper = this.#asleep.get(id);
    if (!sleeper) return Promise.resolve(undefined);
    let waking = this.#waking.get(id);
    if (!waking) {
      waking = this.#rouse(id, sleeper).finally(() => this.#waking.delete(id));
      this.#waking.set(id, waking);
    }
    return waking;
  }

  /**
   * A call to a table that wakes it if it sleeps, and sends again once if the table went to
   * sleep with the call in its mailbox (never handled: see hibernated). Undefined: no such table.
   */
  async callTable(id: string, msg: RoomCall, timeoutMs?: number): Promise<RoomReply | undefined> {
    const pid = await this.await(id);
    if (!pid) return undefined;
    try {
      return await call<RoomReply>(pid, msg, timeoutMs);
    } catch (err) {
      if (!this.hibernated(pid)) throw err;
      const again = await this.wake(id);
      return again ? call<RoomReply>(again, msg, timeoutMs) : undefined;
    }
  }

  #hibernated(id: string, pid: Pid, s: Sleeper): void {
    this.#slept.add(pid);
    s.gone = whenExited(pid).then(() => void (s.gone = null));
    // A member's channel that closes while the table sleeps wakes it: the seat's grace and
    // the idle close run in the table, as if it had been awake.
    s.unwatch = s.slumber.members.map((m) => onExit(m.pid, () => void this.wake(id)));
    this.#asleep.set(id, s);
  }

  async #rouse(id: string, s: Sleeper): Promise<Pid | undefined> {
    // The old process lets go of its registry entry and supervisor child id as it dies.
    if (s.gone) await s.gone;
    for (const cancel of s.unwatch) cancel();
    if (!isAlive(this.#deps.supervisor)) return undefined; // the server is stopping: it sleeps on, nothing in progress
    try {
      await this.#start(s.config, s.args, s.forget);
    } catch (err) {
      // Not woken: the table is gone (its record too), as if it had failed to start.
      this.#asleep.delete(id);
      s.forget();
      this.#deps.log?.error({ err, table: id }, 'a hibernated table could not be woken');
      return undefined;
    }
    return this.lookup(id);
  }

  /** The live pid of a table (woken if it hibernates), waiting briefly while a crashed table restarts. */
  async await(id: string, timeoutMs = 1000): Promise<Pid | undefined> {
    // Moving to another node: not coming back here; answered once the new owner has it (or the move gave up).
    const moving = this.#moving.get(id);
    if (moving) {
      await moving;
      return this.lookup(id);
    }
    if (this.#asleep.has(id)) return this.wake(id);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const pid = this.lookup(id);
      if (pid || !this.#configs.has(id) || Date.now() > until) return pid;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Every live table in id order — from the directory the tables keep up to date, not by
   * asking each one: a lobby join asking thousands of tables in turn made joins quadratic
   * in the number of tables. Unbounded: clients get page() instead.
   */
  async list(): Promise<JsonObject[]> {
    return this.#walk(undefined, Infinity).tables;
  }

  /**
   * Up to `limit` live tables (default 50, capped at MAX_PAGE) with ids after `after`, in
   * id order, and the cursor of the next page (null on the last). Costs O(log n + limit).
   */
  page(opts: { after?: string | undefined; limit?: number | undefined } = {}): TablePage {
    const asked = Math.floor(opts.limit ?? DEFAULT_PAGE);
    return this.#walk(opts.after, Number.isFinite(asked) ? Math.min(Math.max(asked, 1), MAX_PAGE) : DEFAULT_PAGE);
  }

  /** A table's row as listings show it, or null when it is not listed (closed, or restarting). */
  #row(id: string): JsonObject | null {
    const config = this.#configs.get(id);
    return config !== undefined && (this.lookup(id) || this.#asleep.has(id)) ? tableSummary(config, this.#players.get(id) ?? 0) : null;
  }

  #walk(after: string | undefined, limit: number): TablePage {
    const tables: JsonObject[] = [];
    for (const [id, config] of this.#configs.after(after)) {
      // A crashed table being restarted has no pid for a moment: left out, as before.
      if (!this.lookup(id) && !this.#asleep.has(id)) continue;
      // One more live table than the page holds: there is a next page.
      if (tables.length === limit) return { tables, next: tables[limit - 1]!['id'] as string };
      tables.push(tableSummary(config, this.#players.get(id) ?? 0));
    }
    return { tables, next: null };
  }

  /**
   * An open table of that game with a free seat, created if there is none. A private table
   * is the player's own: asking again returns the one the player already has, and one
   * player may hold at most `maxTablesPerPlayer` of them — so find_table cannot be used to
   * fill the node with tables.
   */
  async find(opts: { game: GameId; minBet?: number; shared?: boolean; owner?: string }): Promise<string> {
    if (opts.minBet !== undefined && !this.honoursMinBet(opts.game)) {
      const { minBet: _ignored, ...rest } = opts;
      opts = rest;
    }
    const shared = opts.shared ?? DEFAULTS[opts.game].shared;
    if (!shared && opts.owner !== undefined) {
      const mine = this.#owned.get(opts.owner);
      for (const id of mine ?? []) {
        const c = this.#configs.get(id);
        if (this.#draining.has(id)) continue;
        if (c?.game === opts.game && (opts.minBet === undefined || c.minBet === opts.minBet)) return id;
      }
      // Every private table counts, whatever its game or min_bet.
      const cap = this.#deps.maxTablesPerPlayer ?? 4;
      if ((mine?.length ?? 0) >= cap) {
        throw new PitbossError('table_limit', `you have ${cap} private tables open; play at one of them or let one close`, { tables: [...mine!] });
      }
    }
    if (shared) {
      for (const t of await this.list()) {
        if (t['game'] !== opts.game || t['shared'] !== true || this.#draining.has(t['id'] as string)) continue;
        if ((t['players'] as number) >= (t['seats'] as number)) continue;
        if (opts.minBet !== undefined && t['min_bet'] !== opts.minBet) continue;
        return t['id'] as string;
      }
    }
    const cfg = await this.create(opts.game, { shared, ...(opts.minBet !== undefined ? { minBet: opts.minBet } : {}) }, shared ? undefined : opts.owner);
    return cfg.id;
  }
}
