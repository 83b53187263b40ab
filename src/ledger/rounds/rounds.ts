// Public round API for the casino layer. Each method opens (or joins, under group
// commit) one transaction and delegates to the *Tx function that takes it; instant rounds
// always queue, to be written many at a time (instant.ts).
import type { Store } from '../../store/types.ts';
import type { GroupCommitter, SetWriter } from '../../store/group-commit.ts';
import { toClientError, type Runner } from '../runner.ts';
import { addStakeTx, appendActionTx, loadJournal, openRoundTx, recordOutcomeTx } from './journal.ts';
import { settleRoundTx } from './settle.ts';
import { instantWriter, type InstantResult, type InstantRound } from './instant.ts';
import { recoverOpenRounds, type Recovered } from './recovery.ts';
import { recentRounds, type RecalledRound } from './recall.ts';
import { replayRound, type Replayers, type ReplayReport } from './replay.ts';
import type { OpenRoundRequest, Outcome, RoundContext, RoundJournal, SettleResult, StepWrite } from './types.ts';
import type { SeedPairs } from '../seed_pairs.ts';
import { PitbossError } from '../../errors.ts';
import type { KeyRef, KeyState } from '../action_keys.ts';

export class Rounds {
  private readonly store: Store;
  private readonly run: Runner;
  /** For one-statement writes: no transaction of their own where statements autocommit (runner.ts). */
  private readonly single: Runner;
  private readonly ctx: RoundContext;
  private readonly replayers: Replayers;
  private readonly seeds: SeedPairs | null;
  private readonly commits: GroupCommitter;
  private readonly instant: SetWriter<InstantRound, InstantResult>;
  constructor(store: Store, run: Runner, commits: GroupCommitter, ctx: RoundContext, replayers: Replayers, seeds: SeedPairs | null = null, single: Runner = run) {
    this.store = store;
    this.run = run;
    this.single = single;
    this.commits = commits;
    this.ctx = ctx;
    this.replayers = replayers;
    this.seeds = seeds;
    this.instant = instantWriter(ctx, store.concurrency > 1);
  }

  /** Stake, journal and settle a one-step round in one unit, written with the others queued; see instant.ts. */
  playInstant(r: InstantRound): Promise<InstantResult> {
    return this.drawn(r.seeds, this.commits.write(this.instant, r).catch(toClientError));
  }

  /** Stakes move to the table's escrow; insufficient_funds if any player cannot cover it. */
  open(req: OpenRoundRequest): Promise<{ serverSeedHash: string; replayed: boolean; balances?: Record<string, number>; taken?: KeyState }> {
    return this.drawn(req.seeds, this.run((tx) => openRoundTx(tx, this.ctx, req)));
  }

  /** A round drawn under a seed pair lets go of the pair once its write is done, either way (seed_pairs.ts). */
  private drawn<T extends { replayed: boolean }>(seeds: OpenRoundRequest['seeds'], write: Promise<T>): Promise<T> {
    return this.seeds && seeds?.pair !== undefined ? this.seeds.settleAfter(seeds, write) : write;
  }

  /** One more stake into the open round's escrow (double, split, insurance, another bet); idempotent by key. */
  addStake(roundId: string, st: { player: string; amount: number; bet?: unknown; key: string; account?: string; claim?: KeyRef; step?: StepWrite }): Promise<{ replayed: boolean; balanceAfter?: number; taken?: KeyState }> {
    return this.run((tx) => addStakeTx(tx, roundId, st, this.ctx.fenceOf, this.ctx.keyTimes));
  }

  /** Journals one action and the events it produced (RNG draws included) before they are shown. */
  appendAction(roundId: string, action: unknown, events: unknown[] = [], opts: { balanceOf?: string } = {}): Promise<{ seq: number; balance: number | null }> {
    return this.single((db) => appendActionTx(db, roundId, action, events, opts.balanceOf ?? null));
  }

  /** Journals the determined outcome; from then on an interrupted round is completed, not refunded. */
  recordOutcome(roundId: string, o: Outcome): Promise<void> {
    return this.run(async (tx) => {
      const stakes = await tx.query<{ player: string }>('SELECT player_id AS player FROM round_player_stakes WHERE round_id = $1', [roundId]);
      if (stakes.length === 0) throw new PitbossError('not_found', `no round ${roundId}`);
      await recordOutcomeTx(tx, roundId, o, stakes);
    });
  }

  /** Pays out from escrow, contributes to the jackpot, closes the round — one transaction. */
  settle(roundId: string, o: Outcome): Promise<SettleResult> {
    return this.run((tx) => settleRoundTx(tx, this.ctx, roundId, o, 'normal'));
  }

  /** The journal; the server seed stays hidden until the round is settled. */
  get(roundId: string): Promise<RoundJournal | null> {
    return loadJournal(this.store, roundId);
  }

  /**
   * The journal with its server seed whatever the reveal rule says — for staff (replay,
   * disputes) and for tests that check an outcome against the seeds. Never a client's path.
   */
  getRevealed(roundId: string): Promise<RoundJournal | null> {
    return loadJournal(this.store, roundId, true);
  }

  recent(playerId: string, limit = 10): Promise<RecalledRound[]> {
    return recentRounds(this.store, playerId, limit);
  }

  /** Rounds open longer than `olderThanMs`, oldest first (alerts: a round no table is finishing). */
  async stuck(olderThanMs: number, limit = 100): Promise<Array<{ roundId: string; tableId: string; game: string; openedAt: number }>> {
    const rows = await this.store.query<{ id: string; table_id: string; game: string; opened_at: Date | string }>(
      `SELECT id, table_id, game, opened_at FROM rounds WHERE status = 'open' AND opened_at < now() - make_interval(secs => $1::double precision / 1000)
       ORDER BY opened_at LIMIT $2`, [olderThanMs, limit]);
    return rows.map((r) => ({ roundId: r.id, tableId: r.table_id, game: r.game, openedAt: new Date(r.opened_at).getTime() }));
  }

  /** Resolve every open round of this node (or of `nodeId`); call at start-up. */
  recover(opts: { nodeId?: string; actor?: string; allNodes?: boolean; tableId?: string } = {}): Promise<Recovered[]> {
    const nodeId = opts.allNodes ? undefined : (opts.nodeId ?? this.ctx.nodeId);
    return recoverOpenRounds(this.store, this.ctx, this.replayers, { nodeId, actor: opts.actor, tableId: opts.tableId });
  }

  replay(roundId: string): Promise<ReplayReport | null> {
    return replayRound(this.store, roundId, this.replayers);
  }
}
