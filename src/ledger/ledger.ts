// The ledger as the casino layer sees it: one object wiring the store to the wallet,
// rounds, action keys, jackpots, leaderboards, audit and notifications. main.ts creates one.
import type { Store } from '../store/types.ts';
import { GroupCommitter, type GroupCommitOptions } from '../store/group-commit.ts';
import { makeRunner, makeSingleRunner, type Runner } from './runner.ts';
import { Wallet } from './wallet.ts';
import { Rounds } from './rounds/rounds.ts';
import { SeedPairs } from './seed_pairs.ts';
import { Replayers } from './rounds/replay.ts';
import { Leaderboards } from './leaderboards.ts';
import { ActionKeys, type ActionKeysOptions } from './action_keys.ts';
import { appendAudit, exportAudit, verifyAudit, type AuditEvent, type AuditRow, type AuditVerdict } from './audit.ts';
import { drainNotifications, type Notification } from './notifications.ts';
import { awardTx, configurePoolTx, createPoolTx, drawMissingTx, getPool, type AwardResult, type PoolChanges, type PoolConfig, type PoolState } from './jackpots.ts';
import { cryptoHitPoints, type HitPointSource } from './jackpot_draw.ts';
import { checkLedger, type LedgerCheckDetail } from './check.ts';
import { StaffAccounts } from './staff.ts';
import { TableFences, type FenceOf } from './fences.ts';
import { HallConfigs } from './hall_config.ts';

export interface LedgerOptions {
  /** Plain writes share commits too (default false: only instant rounds do); an object also sets the queue's options. */
  groupCommit?: boolean | GroupCommitOptions;
  /** Options of the commit queue that instant rounds always go through (store/group-commit.ts). */
  commitQueue?: GroupCommitOptions;
  /** Stamped on rounds; recovery at start-up resolves this node's open rounds. */
  nodeId?: string;
  /** Payouts at or above this are audited as large wins (default 1 000 000 minor units). */
  largeWin?: number;
  /** Cluster mode: the fencing token this node writes a table's rounds under (fences.ts). */
  fenceOf?: FenceOf;
  /** Cluster mode: write each table's rounds under the token `fences.claim` recorded (when `fenceOf` is not given). */
  fenced?: boolean;
  /** Replayers for recovery and replay; default none: recovery then completes rounds whose outcome was journaled and refunds the rest. */
  replayers?: Replayers;
  /** Clock for leaderboard periods and windows, and action keys' age (tests). */
  now?: () => Date;
  /** Source of must-hit-by hit points (default: the OS CSPRNG); only tests pass another. */
  hitPoints?: HitPointSource;
  /** How long action keys are remembered; see action_keys.ts. */
  keys?: ActionKeysOptions;
}

export class Jackpots {
  private readonly store: Store;
  private readonly run: Runner;
  private readonly hitPoints: HitPointSource;
  constructor(store: Store, run: Runner, hitPoints: HitPointSource = cryptoHitPoints) {
    this.store = store;
    this.run = run;
    this.hitPoints = hitPoints;
  }
  /** Creates the pool (idempotent by id) and funds its seed from the house; audited. A must-hit-by pool draws its first hit point. */
  create(cfg: PoolConfig, actor = 'system'): Promise<void> {
    return this.store.transaction((tx) => createPoolTx(tx, cfg, actor, this.hitPoints));
  }
  /** Changes rate, seed, ceiling or must-hit-by; audited as a config change with before/after. */
  configure(id: string, changes: PoolChanges, actor: string): Promise<PoolConfig> {
    return this.store.transaction((tx) => configurePoolTx(tx, id, changes, actor, this.hitPoints));
  }
  /** Draws a hit point for every must-hit-by pool without one (created before hit points existed); call at start-up. */
  drawMissing(actor = 'startup'): Promise<number> {
    return this.store.transaction((tx) => drawMissingTx(tx, this.hitPoints, actor));
  }
  get(id: string): Promise<PoolState | null> {
    return getPool(this.store, id);
  }
  /** Awards the meter of `cycle` (read from get()) to the player; a second win of that cycle gets {won:false}. */
  award(a: { pool: string; cycle: number; player: string; roundId?: string }, actor = 'system'): Promise<AwardResult> {
    return this.run((tx) => awardTx(tx, a, actor, this.hitPoints));
  }
}

export class Ledger {
  readonly store: Store;
  /** The commit queue (store/group-commit.ts): instant rounds always, every write under groupCommit. */
  readonly commits: GroupCommitter;
  readonly wallet: Wallet;
  readonly rounds: Rounds;
  /** Cluster mode: who may write each table's rounds (fences.ts). */
  readonly fences: TableFences;
  /** Idempotency keys of table actions, per player, with the reply each one got. */
  readonly keys: ActionKeys;
  /** Server seed, client seed and nonce counter per player (single-player tables) and per table. */
  readonly seeds: SeedPairs;
  readonly jackpots: Jackpots;
  readonly leaderboards: Leaderboards;
  /** Staff accounts of the admin API; every change audited in its own transaction. */
  readonly staff: StaffAccounts;
  /** The hall's runtime configuration: versions of table limits, paytables, jackpot rates; terminals' acks. */
  readonly configs: HallConfigs;
  constructor(store: Store, opts: LedgerOptions = {}) {
    this.store = store;
    this.commits = new GroupCommitter(store, { ...opts.commitQueue, ...(typeof opts.groupCommit === 'object' ? opts.groupCommit : {}) });
    const grouped = opts.groupCommit !== undefined && opts.groupCommit !== false;
    const run = makeRunner(store, this.commits, grouped);
    const replayers = opts.replayers ?? new Replayers();
    this.wallet = new Wallet(store, run);
    const hitPoints = opts.hitPoints ?? cryptoHitPoints;
    this.seeds = new SeedPairs(store, run);
    this.fences = new TableFences(run);
    // Cluster mode: a table's rounds are written under the token this node claimed it with,
    // as the fences remember it (on the ledger's own thread too: no callback crosses threads).
    const fenceOf: FenceOf | undefined = opts.fenceOf ?? (opts.fenced ? (table) => this.fences.tokenOf(table) : undefined);
    this.keys = new ActionKeys(store, opts.now, opts.keys);
    const keys = this.keys;
    this.rounds = new Rounds(store, run, this.commits, { nodeId: opts.nodeId ?? 'node-1', largeWin: opts.largeWin ?? 1_000_000, hitPoints, keyTimes: () => keys.times(), ...(fenceOf ? { fenceOf } : {}) }, replayers, this.seeds, makeSingleRunner(store, this.commits, grouped));
    this.jackpots = new Jackpots(store, run, hitPoints);
    this.leaderboards = new Leaderboards(store, opts.now);
    this.staff = new StaffAccounts(store);
    this.configs = new HallConfigs(store, hitPoints);
  }
  audit(ev: AuditEvent): Promise<AuditRow> {
    return appendAudit(this.store, ev);
  }
  verifyAudit(): Promise<AuditVerdict> {
    return verifyAudit(this.store);
  }
  exportAudit(format: 'csv' | 'jsonl', write: (chunk: string) => void): Promise<number> {
    return exportAudit(this.store, format, write);
  }
  drainNotifications(opts?: { playerId?: string; limit?: number }): Promise<Notification[]> {
    return drainNotifications(this.store, opts);
  }
  /** The write queues and the pool, as figures (diagnostics; a stalled run looked at from outside). */
  queues(): { commits: Record<string, number>; keys: { waiting: number; inFlight: number }; pool: { total: number; idle: number; waiting: number } | null } {
    return { commits: { ...this.commits.stats, ...this.commits.queued }, keys: this.keys.queue, pool: this.store.poolStats?.() ?? null };
  }
  check(): Promise<LedgerCheckDetail> {
    return checkLedger(this.store);
  }
}
