// Start-up recovery of interrupted rounds. For each open round, in its own transaction:
//  - outcome journaled (round_outcomes)         → completed as recorded;
//  - a replayer says the journal reaches the end → completed with the replayed outcome;
//  - a replayer gives what was won so far       → each player gets the better of
//                                                  won-so-far and the stake back;
//  - nothing known                               → every stake refunded.
// Each resolution notifies the players (outbox) and is audited, in the same transaction.
import type { Store, Tx } from '../../store/types.ts';
import { appendAuditTx } from '../audit.ts';
import { notifyTx } from '../notifications.ts';
import { loadJournal } from './journal.ts';
import { settleRoundTx } from './settle.ts';
import type { Replayers } from './replay.ts';
import type { Outcome, Payouts, Resolution, RoundContext, SettleResult } from './types.ts';

export interface Recovered {
  roundId: string;
  resolution: Resolution;
  payouts: Payouts;
  /** The replayer's resume value (the table's seats and state after the round), when it gave one. */
  resume?: unknown;
}

function decide(j: NonNullable<Awaited<ReturnType<typeof loadJournal>>>, replayers: Replayers): { o: Outcome; resolution: Resolution; resume?: unknown } {
  if (j.recorded) return { o: j.recorded, resolution: 'completed' };
  const refund: Payouts = Object.fromEntries(j.stakes.map((s) => [s.player, s.amount]));
  const fn = replayers.get(j.game);
  if (!fn) return { o: { outcome: { interrupted: true }, payouts: refund }, resolution: 'refunded' };
  let r;
  try {
    r = fn(j);
  } catch (err) {
    // A journal the engine cannot replay must not block start-up: give the stakes back.
    return { o: { outcome: { interrupted: true, replayError: String((err as Error)?.message ?? err) }, payouts: refund }, resolution: 'refunded' };
  }
  if (r.final) return { o: { outcome: r.outcome, payouts: r.payouts }, resolution: 'completed', ...(r.resume !== undefined ? { resume: r.resume } : {}) };
  let better = false;
  const payouts: Payouts = {};
  for (const s of j.stakes) {
    const won = r.payouts[s.player] ?? 0;
    payouts[s.player] = Math.max(won, s.amount);
    if (won > s.amount) better = true;
  }
  return { o: { outcome: { interrupted: true, partial: r.outcome }, payouts }, resolution: better ? 'best_of' : 'refunded' };
}

async function resolveTx(tx: Tx, ctx: RoundContext, roundId: string, replayers: Replayers, actor: string): Promise<Recovered | null> {
  // Lock first, then read: another node may be resolving the same round right now.
  const [r] = await tx.query<{ status: string }>('SELECT status FROM rounds WHERE id = $1 FOR UPDATE', [roundId]);
  if (!r || r.status !== 'open') return null;
  const j = (await loadJournal(tx, roundId, true))!;
  const { o, resolution, resume } = decide(j, replayers);
  const settled: SettleResult = await settleRoundTx(tx, ctx, roundId, o, resolution);
  for (const x of settled.results) {
    await notifyTx(tx, x.player, 'round_resolved', {
      roundId, game: j.game, tableId: j.tableId, resolution, stake: x.stake, payout: x.payout, balance: x.balanceAfter,
      text: resolution === 'refunded'
        ? `Your round ${roundId} was interrupted and your stake of ${x.stake} has been returned.`
        : `Your round ${roundId} was interrupted and has been completed: you were paid ${x.payout}.`,
    });
  }
  await appendAuditTx(tx, { actor, action: 'round_resolved', subject: `round:${roundId}`,
    before: { status: 'open', stakes: j.stakes.map((s) => ({ player: s.player, amount: s.amount })), actions: j.actions.length },
    after: { status: 'settled', resolution, payouts: o.payouts } });
  return { roundId, resolution, payouts: o.payouts, ...(resume !== undefined ? { resume } : {}) };
}

/**
 * Resolves every open round (of `nodeId` only, when given — in a cluster a node recovers
 * its own rounds at start-up, and failover recovers a dead node's).
 */
export async function recoverOpenRounds(store: Store, ctx: RoundContext, replayers: Replayers,
  opts: { nodeId?: string; actor?: string; tableId?: string } = {}): Promise<Recovered[]> {
  // tableId: a restarted table resolves its own interrupted rounds and nobody else's.
  const open = await store.query<{ id: string }>(
    `SELECT id FROM rounds WHERE status = 'open' AND ($1::text IS NULL OR node_id = $1) AND ($2::text IS NULL OR table_id = $2)
     ORDER BY opened_at, id`, [opts.nodeId ?? null, opts.tableId ?? null]);
  const done: Recovered[] = [];
  const failed: Error[] = [];
  for (const { id } of open) {
    try {
      const r = await store.transaction((tx) => resolveTx(tx, ctx, id, replayers, opts.actor ?? 'recovery'));
      if (r) done.push(r);
    } catch (err) {
      // One round that cannot be resolved must not keep the others open; report them all at the end.
      failed.push(new Error(`round ${id} could not be resolved`, { cause: err }));
    }
  }
  if (failed.length > 0) throw new AggregateError(failed, `${failed.length} open round(s) could not be resolved; ${done.length} were`);
  return done;
}
