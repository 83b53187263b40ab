// Settlement: in one transaction, escrow pays the players, contributes to the round's
// jackpot pool, and the remainder goes to (or comes from) the house; the results row
// per player records balance before/after for game recall. Lock order, shared with
// every other writer: round row → jackpot pool row → accounts (sorted) → audit head.
import type { Tx } from '../../store/types.ts';
import { PitbossError } from '../../errors.ts';
import { postTx } from '../post.ts';
import { appendAuditTx } from '../audit.ts';
import { awardTx, planContributionTx } from '../jackpots.ts';
import { awardDisclosure, cryptoHitPoints } from '../jackpot_draw.ts';
import { recordOutcomeTx, validatePayouts } from './journal.ts';
import { settlementEntries, stakeAccount } from './entries.ts';
import type { Outcome, Resolution, RoundContext, RoundResult, SettleResult } from './types.ts';

type Locked = { id: string; table_id: string; currency: string; status: string; resolution: Resolution | null; jackpot_pool: string | null };

async function priorSettlement(tx: Tx, r: Locked): Promise<SettleResult> {
  const rows = await tx.query<{ player_id: string; stake: number; payout: number; balance_before: number; balance_after: number }>(
    'SELECT * FROM round_results WHERE round_id = $1 ORDER BY player_id', [r.id]);
  const [jp] = await tx.query<{ pool_id: string; player_id: string; amount: number; cycle: number; draw: number | null }>(
    'SELECT pool_id, player_id, amount, cycle, draw FROM jackpot_awards WHERE round_id = $1', [r.id]);
  return { roundId: r.id, resolution: r.resolution!, replayed: true,
    results: rows.map((x) => ({ player: x.player_id, stake: x.stake, payout: x.payout, balanceBefore: x.balance_before, balanceAfter: x.balance_after })),
    jackpot: jp ? { pool: jp.pool_id, player: jp.player_id, amount: jp.amount, cycle: jp.cycle, ...(await awardDisclosure(tx, jp.pool_id, jp.cycle, jp.draw)) } : null };
}

/**
 * Settles an open round with `o` (recording it as the outcome if none was). Settling a
 * settled round returns the first settlement. Refunds and best-of resolutions take no
 * jackpot contribution: the player gets at least the whole stake back.
 */
export async function settleRoundTx(tx: Tx, ctx: RoundContext, roundId: string, o: Outcome, resolution: Resolution = 'normal'): Promise<SettleResult> {
  const [r] = await tx.query<Locked>('SELECT id, table_id, currency, status, resolution, jackpot_pool FROM rounds WHERE id = $1 FOR UPDATE', [roundId]);
  if (!r) throw new PitbossError('not_found', `no round ${roundId}`);
  if (r.status !== 'open') return priorSettlement(tx, r);
  const stakes = await tx.query<{ player_id: string; amount: number; balance_before: number; account: string | null }>(
    'SELECT player_id, amount, balance_before, account FROM round_player_stakes WHERE round_id = $1 ORDER BY player_id', [roundId]);
  const players = stakes.map((s) => ({ player: s.player_id, amount: s.amount }));
  validatePayouts(o.payouts, players);
  if (resolution === 'normal' || resolution === 'completed') await recordOutcomeTx(tx, roundId, o, players);

  const ccy = r.currency;
  const contributes = r.jackpot_pool !== null && (resolution === 'normal' || resolution === 'completed');
  const plan = contributes ? await planContributionTx(tx, r.jackpot_pool!, players) : null;
  const entries = settlementEntries(r.table_id, ccy,
    stakes.map((s) => ({ account: stakeAccount(s.player_id, ccy, s.account), amount: s.amount, payout: o.payouts[s.player_id] ?? 0 })), plan);
  const posted = await postTx(tx, { key: `round:${roundId}:settle`, kind: 'settle', currency: ccy, roundId, entries, memo: { resolution } });
  const jackpot = plan?.mustHit
    ? await awardTx(tx, { pool: r.jackpot_pool!, cycle: plan.mustHit.cycle, player: plan.mustHit.player, roundId }, 'system', ctx.hitPoints ?? cryptoHitPoints)
    : null;

  // Balance after: from the entries just posted, else (no payout, or a jackpot moved it since) read it.
  const accounts = stakes.map((s) => stakeAccount(s.player_id, ccy, s.account));
  const after = new Map(jackpot?.won ? [] : posted.entries.map((e) => [e.account, e.balanceAfter]));
  const unknown = accounts.filter((a) => !after.has(a));
  if (unknown.length > 0) {
    for (const b of await tx.query<{ id: string; balance: number }>('SELECT id, balance FROM accounts WHERE id = ANY($1::text[])', [unknown])) after.set(b.id, b.balance);
  }
  const results: RoundResult[] = stakes.map((s, i) => ({
    player: s.player_id, stake: s.amount, payout: o.payouts[s.player_id] ?? 0, balanceBefore: s.balance_before, balanceAfter: after.get(accounts[i])!,
  }));
  await tx.query(
    `INSERT INTO round_results (round_id, player_id, stake, payout, balance_before, balance_after)
     SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])`,
    [roundId, results.map((x) => x.player), ...(['stake', 'payout', 'balanceBefore', 'balanceAfter'] as const).map((k) => results.map((x) => String(x[k])))]);
  // `fence`: the token this node holds the table under; refused in this transaction if the table moved (migration 108).
  await tx.query(`UPDATE rounds SET status = 'settled', resolution = $2, outcome = $3, settled_at = now(), fence = $4 WHERE id = $1`,
    [roundId, resolution, JSON.stringify(o.outcome ?? null), ctx.fenceOf?.(r.table_id) ?? null]);
  for (const x of results) {
    if (x.payout >= ctx.largeWin) {
      await appendAuditTx(tx, { actor: 'system', action: 'large_win', subject: `round:${roundId}`,
        before: { player: x.player, balance: x.balanceBefore }, after: { player: x.player, payout: x.payout, balance: x.balanceAfter } });
    }
  }
  return { roundId, resolution, results, replayed: false,
    jackpot: jackpot?.won ? { pool: jackpot.pool, player: jackpot.player, amount: jackpot.amount, cycle: jackpot.cycle, reveal: jackpot.reveal, next: jackpot.next } : null };
}
