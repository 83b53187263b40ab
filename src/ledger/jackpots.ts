// Progressive jackpots. The meter is the balance of the pool's jackpot account; every
// writer (contribution at settlement, award) first locks the pool row, so the meter
// read under that lock is the meter paid. A hit names the cycle it won; an award moves
// the cycle on, and (pool, cycle) is both the award's primary key and its idempotency
// key, so two racing wins of one cycle pay exactly once.
// Contributions are floor(stake × bps / 10 000) (a contribution is not a payout, so it
// may round down); above the ceiling they go to the overflow account, which funds the
// next seed before the house does — diverted, never lost.
import type { Store, Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { postTx, type Entry } from './post.ts';
import { appendAuditTx } from './audit.ts';
import { accountId, amount, currency } from './money.ts';

export interface PoolConfig {
  id: string;
  currency: string;
  /** Contribution in basis points of each eligible stake (150 = 1.5 %). */
  contributionBps: number;
  /** Reset value, funded from the house when the pool is created and after each award. */
  seed: number;
  ceiling?: number | null;
  /** The pool is awarded, at the latest, by the contribution that takes the meter to this value. */
  mustHitBy?: number | null;
}

export interface PoolState extends Required<PoolConfig> {
  cycle: number;
  meter: number;
  overflow: number;
}

export type AwardResult =
  | { won: true; pool: string; cycle: number; player: string; amount: number; replayed: boolean }
  | { won: false; pool: string; cycle: number; reason: 'already_won' };

export type PoolRow = { id: string; currency: string; contribution_bps: number; seed: number; ceiling: number | null; must_hit_by: number | null; cycle: number };

export const poolAccount = (id: string, ccy: string) => accountId('jackpot', id, ccy);
export const overflowAccount = (id: string, ccy: string) => accountId('jackpot', `${id}.overflow`, ccy);
const houseAccount = (ccy: string) => accountId('house', 'house', ccy);

async function lockPool(tx: Tx, id: string): Promise<PoolRow> {
  const [p] = await tx.query<PoolRow>('SELECT * FROM jackpot_pools WHERE id = $1 FOR UPDATE', [id]);
  if (!p) throw new PitbossError('not_found', `no jackpot pool ${id}`);
  return p;
}

async function balances(tx: Tx, ids: string[]): Promise<number[]> {
  const rows = await tx.query<{ id: string; balance: number }>('SELECT id, balance FROM accounts WHERE id = ANY($1::text[])', [ids]);
  return ids.map((id) => rows.find((r) => r.id === id)?.balance ?? 0);
}

function validatePool(cfg: PoolConfig): void {
  currency(cfg.currency);
  if (!Number.isInteger(cfg.contributionBps) || cfg.contributionBps < 0 || cfg.contributionBps > 10000) {
    throw new PitbossError('invalid_payload', 'contributionBps must be an integer in [0, 10000]');
  }
  amount(cfg.seed, 'seed', { zero: true });
  if (cfg.ceiling != null && amount(cfg.ceiling, 'ceiling') < cfg.seed) throw new PitbossError('invalid_payload', 'ceiling below seed');
  if (cfg.mustHitBy != null && amount(cfg.mustHitBy, 'mustHitBy') <= cfg.seed) throw new PitbossError('invalid_payload', 'mustHitBy must exceed seed');
  if (cfg.mustHitBy != null && cfg.ceiling != null && cfg.mustHitBy > cfg.ceiling) throw new PitbossError('invalid_payload', 'mustHitBy above the ceiling could never hit');
}

export async function createPoolTx(tx: Tx, cfg: PoolConfig, actor: string): Promise<void> {
  validatePool(cfg);
  const ccy = cfg.currency;
  const ins = await tx.query(
    `INSERT INTO jackpot_pools (id, currency, contribution_bps, seed, ceiling, must_hit_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [cfg.id, ccy, cfg.contributionBps, cfg.seed, cfg.ceiling ?? null, cfg.mustHitBy ?? null]);
  if (ins.length === 0) return;
  if (cfg.seed > 0) {
    await postTx(tx, { key: `jackpot:${cfg.id}:seed`, kind: 'jackpot_seed', currency: ccy,
      entries: [{ account: houseAccount(ccy), amount: -cfg.seed }, { account: poolAccount(cfg.id, ccy), amount: cfg.seed }] });
  }
  await appendAuditTx(tx, { actor, action: 'config_change', subject: `jackpot:${cfg.id}`, before: null, after: cfg });
}

export type PoolChanges = Partial<Pick<PoolConfig, 'contributionBps' | 'seed' | 'ceiling' | 'mustHitBy'>>;

/**
 * Changes a pool's rules (from the next contribution or reset on), audited with before
 * and after. Money already in the meter stays there, even above a lowered ceiling.
 */
export async function configurePoolTx(tx: Tx, id: string, changes: PoolChanges, actor: string): Promise<PoolConfig> {
  const p = await lockPool(tx, id);
  const before: PoolConfig = { id, currency: p.currency, contributionBps: p.contribution_bps, seed: p.seed, ceiling: p.ceiling, mustHitBy: p.must_hit_by };
  const after: PoolConfig = { ...before, ...changes };
  validatePool(after);
  await tx.query('UPDATE jackpot_pools SET contribution_bps = $2, seed = $3, ceiling = $4, must_hit_by = $5 WHERE id = $1',
    [id, after.contributionBps, after.seed, after.ceiling ?? null, after.mustHitBy ?? null]);
  await appendAuditTx(tx, { actor, action: 'config_change', subject: `jackpot:${id}`, before, after });
  return after;
}

export async function getPool(db: Tx | Store, id: string): Promise<PoolState | null> {
  const [p] = await db.query<PoolRow>('SELECT * FROM jackpot_pools WHERE id = $1', [id]);
  if (!p) return null;
  const [meter, overflow] = await balances(db, [poolAccount(id, p.currency), overflowAccount(id, p.currency)]);
  return { id, currency: p.currency, contributionBps: p.contribution_bps, seed: p.seed, ceiling: p.ceiling,
    mustHitBy: p.must_hit_by, cycle: p.cycle, meter, overflow };
}

export interface ContributionPlan {
  entries: Entry[];
  total: number;
  /** The player whose contribution reached must-hit-by, to be awarded in the same transaction. */
  mustHit: { player: string; cycle: number } | null;
}

/** Locks the pool and works out where each stake's contribution goes. The caller posts the entries. */
export async function planContributionTx(tx: Tx, poolId: string, stakes: { player: string; amount: number }[]): Promise<ContributionPlan> {
  const p = await lockPool(tx, poolId);
  const [meter] = await balances(tx, [poolAccount(poolId, p.currency)]);
  return planContribution(p, meter, stakes);
}

/** Where each stake's contribution goes, given the locked pool and its meter (pure). */
export function planContribution(p: PoolRow, meter: number, stakes: { player: string; amount: number }[]): ContributionPlan {
  const poolId = p.id;
  let toPool = 0;
  let toOverflow = 0;
  let mustHit: ContributionPlan['mustHit'] = null;
  for (const s of stakes) {
    const c = Math.floor((s.amount * p.contribution_bps) / 10000);
    const room = p.ceiling === null ? c : Math.max(0, Math.min(c, p.ceiling - meter - toPool));
    toPool += room;
    toOverflow += c - room;
    if (!mustHit && p.must_hit_by !== null && meter + toPool >= p.must_hit_by) mustHit = { player: s.player, cycle: p.cycle };
  }
  const entries: Entry[] = [];
  if (toPool > 0) entries.push({ account: poolAccount(poolId, p.currency), amount: toPool });
  if (toOverflow > 0) entries.push({ account: overflowAccount(poolId, p.currency), amount: toOverflow });
  return { entries, total: toPool + toOverflow, mustHit };
}

/** Pays the whole meter of `cycle` to the player and reseeds, unless that cycle was already won. */
export async function awardTx(tx: Tx, a: { pool: string; cycle: number; player: string; roundId?: string }, actor: string): Promise<AwardResult> {
  const p = await lockPool(tx, a.pool);
  if (p.cycle !== a.cycle) {
    const [prev] = await tx.query<{ player_id: string; round_id: string | null; amount: number }>(
      'SELECT player_id, round_id, amount FROM jackpot_awards WHERE pool_id = $1 AND cycle = $2', [a.pool, a.cycle]);
    if (prev && prev.player_id === a.player && prev.round_id === (a.roundId ?? null)) {
      return { won: true, pool: a.pool, cycle: a.cycle, player: a.player, amount: prev.amount, replayed: true };
    }
    return { won: false, pool: a.pool, cycle: a.cycle, reason: 'already_won' };
  }
  const ccy = p.currency;
  const [meter, overflow] = await balances(tx, [poolAccount(a.pool, ccy), overflowAccount(a.pool, ccy)]);
  const fromOverflow = Math.min(overflow, p.seed);
  const entries: Entry[] = [
    { account: poolAccount(a.pool, ccy), amount: p.seed - meter },
    { account: accountId('player', a.player, ccy), amount: meter },
    { account: overflowAccount(a.pool, ccy), amount: -fromOverflow },
    { account: houseAccount(ccy), amount: -(p.seed - fromOverflow) },
  ].filter((e) => e.amount !== 0);
  const posted = entries.length >= 2
    ? await postTx(tx, { key: `jackpot:${a.pool}:${a.cycle}`, kind: 'jackpot_award', currency: ccy, roundId: a.roundId, entries })
    : null;
  await tx.query('INSERT INTO jackpot_awards (pool_id, cycle, player_id, round_id, amount, tx_id) VALUES ($1, $2, $3, $4, $5, $6)',
    [a.pool, a.cycle, a.player, a.roundId ?? null, meter, posted?.txId ?? null]);
  await tx.query('UPDATE jackpot_pools SET cycle = cycle + 1 WHERE id = $1', [a.pool]);
  await appendAuditTx(tx, { actor, action: 'jackpot_award', subject: `jackpot:${a.pool}`,
    before: { cycle: a.cycle, meter, overflow }, after: { cycle: a.cycle + 1, meter: p.seed, winner: a.player, amount: meter, roundId: a.roundId ?? null } });
  return { won: true, pool: a.pool, cycle: a.cycle, player: a.player, amount: meter, replayed: false };
}
