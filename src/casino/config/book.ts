// The hall's configuration as this node knows it: loaded from the database at start,
// changed through the admin API, and kept current across nodes. A change is written to
// the database first (the one source of truth: ledger/hall_config.ts), then announced on
// an internal PubSub topic with its version only; every node (this one included) reads the
// database again on the announcement, so a node never runs a configuration it was merely
// told about, and a missed announcement is caught up by the next one or a restart.
//
// Readers: tables take their game's settings from `of()` at their next round boundary
// (tables/room.ts), terminals get `view()` on join and on every change (terminal channel).
// Both are synchronous reads of memory: nothing on a round's path waits for the database.
import type { Ledger, ConfigRow } from '../../ledger/index.ts';
import type { JsonObject, PubSub } from '../../wire/index.ts';
import { PitbossError } from '../../errors.ts';
import type { AppliedSettings, GameId, SettingsSource } from '../tables/types.ts';
import { CONFIGURABLE_GAMES, applyPatch, builtIn, isConfigurable, tableSettings, type ConfigurableGame, type GameSettings } from './settings.ts';

/** The internal topic changes are announced on (no channel serves it: clients cannot join it). */
export const CONFIG_TOPIC = 'internal:config';

export interface HallConfigView {
  /** The hall's configuration version: the last change's, 0 while nothing was ever changed. */
  version: number;
  /** Per game: its settings and the version they date from (0: built in). */
  games: Record<string, GameSettings & { version: number }>;
  /** Per jackpot pool: its contribution rate and the version it dates from (0: as created). */
  jackpots: Record<string, { contribution_bps: number; version: number }>;
}

export interface ConfigBookDeps {
  ledger: Ledger;
  pubsub: PubSub;
  log?: { warn(obj: object, msg: string): void };
}

type Listener = (games: GameId[], view: HallConfigView) => void;

export class ConfigBook implements SettingsSource {
  readonly #d: ConfigBookDeps;
  #view: HallConfigView = { version: 0, games: {}, jackpots: {} };
  #applied = new Map<GameId, AppliedSettings>();
  readonly #listeners = new Set<Listener>();
  #refreshing: Promise<void> = Promise.resolve();
  #loaded = false;
  #unsubscribe: (() => void) | null = null;

  constructor(d: ConfigBookDeps) {
    this.#d = d;
    for (const g of CONFIGURABLE_GAMES) this.#view.games[g] = { ...builtIn(g), version: 0 };
  }

  /** Loads the configuration and listens for changes made on any node. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#d.pubsub.subscribe(CONFIG_TOPIC, () => void this.refresh().catch((err: unknown) => this.#d.log?.warn({ err }, 'config: could not read a change')));
    await this.refresh();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  view(): HallConfigView {
    return this.#view;
  }

  /** What a table of `game` should run (null: the built-in settings; the table keeps what it has). */
  of(game: GameId): AppliedSettings | null {
    return this.#applied.get(game) ?? null;
  }

  onChange(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async changeGame(game: string, body: unknown, actor: string): Promise<{ version: number; before: GameSettings; after: GameSettings }> {
    if (!isConfigurable(game)) throw new PitbossError('not_found', `no configurable game ${game.slice(0, 40)} (${CONFIGURABLE_GAMES.join(', ')})`);
    await this.refresh(); // patch what the database holds now, not what this node last heard
    const { version: _v, ...current } = this.#view.games[game]!;
    const after = applyPatch(game, current, body);
    const c = await this.#d.ledger.configs.change({ scope: `game:${game}`, value: { ...after }, base: { ...builtIn(game) }, actor, expect: { ...current } });
    await this.#announce(c.row.version);
    return { version: c.row.version, before: c.before as unknown as GameSettings, after };
  }

  async changeJackpot(pool: string, contributionBps: number, actor: string): Promise<{ version: number; before: Record<string, unknown>; after: Record<string, unknown> }> {
    const c = await this.#d.ledger.configs.changeJackpot({ pool, contributionBps, actor });
    await this.#announce(c.row.version);
    return { version: c.row.version, before: c.before, after: c.row.value };
  }

  /** Reads the database; tells the listeners which games changed. Serialised: one read at a time, in order. */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.catch(() => {}).then(() => this.#load());
    return this.#refreshing;
  }

  async #announce(version: number): Promise<void> {
    await this.refresh(); // this node applies before the change is answered
    await this.#d.pubsub.broadcast(CONFIG_TOPIC, 'changed', { version }).catch((err: unknown) => {
      // Stored and applied here; other nodes catch up at their next announcement or start.
      this.#d.log?.warn({ err }, 'config: a change was not announced to other nodes');
    });
  }

  async #load(): Promise<void> {
    const { version, rows, pools } = await this.#read();
    if (this.#loaded && version <= this.#view.version) return;
    this.#loaded = true;
    const view: HallConfigView = { version, games: {}, jackpots: {} };
    for (const g of CONFIGURABLE_GAMES) view.games[g] = { ...builtIn(g), version: 0 };
    for (const p of pools) view.jackpots[p.id] = { contribution_bps: p.contribution_bps, version: 0 };
    for (const r of rows) {
      const [kind, id] = splitScope(r);
      if (kind === 'game' && isConfigurable(id)) view.games[id] = { ...builtIn(id), ...(r.value as Partial<GameSettings>), version: r.version };
      else if (kind === 'jackpot' && view.jackpots[id]) view.jackpots[id] = { ...view.jackpots[id], version: r.version };
    }
    const changed: GameId[] = [];
    for (const g of CONFIGURABLE_GAMES) {
      const s = view.games[g]!;
      if (s.version === 0) continue;
      if (this.#applied.get(g)?.version !== s.version) changed.push(g);
      this.#applied.set(g, { version: s.version, ...tableSettings(g as ConfigurableGame, s) });
    }
    this.#view = view;
    if (version === 0) return; // nothing was ever changed: nobody to tell
    for (const fn of this.#listeners) {
      try {
        fn(changed, view);
      } catch (err) {
        this.#d.log?.warn({ err }, 'config: a listener failed');
      }
    }
  }

  async #read(): Promise<{ version: number; rows: ConfigRow[]; pools: Array<{ id: string; contribution_bps: number }> }> {
    const { version, rows } = await this.#d.ledger.configs.latest();
    const pools = await this.#d.ledger.configs.pools();
    return { version, rows, pools };
  }
}

function splitScope(r: ConfigRow): [string, string] {
  const i = r.scope.indexOf(':');
  return [r.scope.slice(0, i), r.scope.slice(i + 1)];
}

/** The view as a JSON object (for a channel push). */
export const viewJson = (v: HallConfigView): JsonObject => v as unknown as JsonObject;
