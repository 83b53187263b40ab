// Progressive jackpots. The meter is the balance of the pool's jackpot account; every
// writer (contribution at settlement, award) first locks the pool row, so the meter
// read under that lock is the meter paid. A hit names the cycle it won; an award moves
// the cycle on, and (pool, cycle) is both the award's primary key and its idempotency
// key, so two racing wins of one cycle pay exactly once.
// Contributions are floor(stake × bps / 10 000) (a contribution is not a payout, so it
// may round down); above the ceiling they go to the overflow account, which funds the
// next seed before the house does — diverted, never lost.
// A must-hit-by pool pays the contribution that carries the meter to its secret hit
// point, drawn at creation and at each reset (jackpot_draw.ts), not must-hit-by itself.
import type { Store, Tx } from '../store/types.ts';
import { PitbossError } from '../errors.ts';
import { postTx, type Entry } from './post.ts';
import { appendAuditTx } from './audit.ts';
import { accountId, amount, currency } from './money.ts';
import { awardDisclosure, drawHitPointTx, readCommitment, MAX_HIT_RANGE, type HitCommitment, type HitPointSource, type HitReveal } from './jackpot_draw.ts';

export interface PoolConfig {
  id: string;
  currency: string;
  /** Contribution in basis points of each eligible stake (150 = 1.5 %). */
  contributionBps: number;
  /** Reset value, funded from the house when the pool is created and after each award. */
  seed: number;
  ceiling?: number | null;
  /** The pool is awarded, at the latest, by the contribution that takes the meter to this value (at a secret point drawn in [seed, mustHitBy]). */
  mustHitBy?: number | null;
}

export interface PoolState extends Required<PoolConfig> {
  cycle: number;
  meter: number;
  overflow: number;
  /** The published commitment to this cycle's secret hit point (null: no must-hit-by). */
  hit: HitCommitment | null;
}

export type AwardResult =
  | { won: true; pool: string; cycle: number; player: string; amount: number; replayed: boolean; reveal: HitReveal | null; next: HitCommitment | null }
  | { won: false; pool: string; cycle: number; reason: 'already_won' };

/** The locked pool row. hit_point is the secret of the current draw: it never leaves the ledger before the win. */
export type PoolRow = {
  id: string; currency: string; contribution_bps: number; seed: number; ceiling: number | null; must_hit_by: number | null; cycle: number;
  hit_point: number | null; draw: number | null;
};

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
  if (cfg.mustHitBy != null && cfg.mustHitBy - cfg.seed > MAX_HIT_RANGE) throw new PitbossError('invalid_payload', 'mustHitBy − seed is wider than a hit point can be drawn from (2^48)');
}

/** The range a new draw of a pool takes: from the meter (the reset value at a reset) to must-hit-by. */
async function drawNowTx(tx: Tx, p: PoolRow, mustHitBy: number, seed: number, source: HitPointSource, actor: string): Promise<HitCommitment> {
  const [meter] = await balances(tx, [poolAccount(p.id, p.currency)]);
  return drawHitPointTx(tx, p.id, p.cycle, Math.min(Math.max(seed, meter), mustHitBy), mustHitBy, source, actor);
}

export async function createPoolTx(tx: Tx, cfg: PoolConfig, actor: string, source: HitPointSource): Promise<void> {
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
  if (cfg.mustHitBy != null) await drawHitPointTx(tx, cfg.id, 1, cfg.seed, cfg.mustHitBy, source, actor);
}

/** Draws for every must-hit-by pool that has no hit point (pools from before migration 104); call at start-up. */
export async function drawMissingTx(tx: Tx, source: HitPointSource, actor: string): Promise<number> {
  const ids = await tx.query<{ id: string }>('SELECT id FROM jackpot_pools WHERE must_hit_by IS NOT NULL AND draw IS NULL ORDER BY id');
  let drawn = 0;
  for (const { id } of ids) {
    const p = await lockPool(tx, id);
    if (p.must_hit_by === null || p.draw !== null) continue;
    await drawNowTx(tx, p, p.must_hit_by, p.seed, source, actor);
    drawn++;
  }
  return drawn;
}

export type PoolChanges = Partial<Pick<PoolConfig, 'contributionBps' | 'seed' | 'ceiling' | 'mustHitBy'>>;

/**
 * Changes a pool's rules (from the next contribution or reset on), audited with before
 * and after. Money already in the meter stays there, even above a lowered ceiling.
 * A new must-hit-by draws the cycle's hit point again, between the meter and it (the old
 * draw could lie above it); removing must-hit-by withdraws the draw.
 */
export async function configurePoolTx(tx: Tx, id: string, changes: PoolChanges, actor: string, source: HitPointSource, note: Record<string, unknown> = {}): Promise<PoolConfig> {
  const p = await lockPool(tx, id);
  const before: PoolConfig = { id, currency: p.currency, contributionBps: p.contribution_bps, seed: p.seed, ceiling: p.ceiling, mustHitBy: p.must_hit_by };
  const after: PoolConfig = { ...before, ...changes };
  validatePool(after);
  await tx.query('UPDATE jackpot_pools SET contribution_bps = $2, seed = $3, ceiling = $4, must_hit_by = $5 WHERE id = $1',
    [id, after.contributionBps, after.seed, after.ceiling ?? null, after.mustHitBy ?? null]);
  // `note`: what the caller adds to the record (the hall's configuration version).
  await appendAuditTx(tx, { actor, action: 'config_change', subject: `jackpot:${id}`, before, after: { ...after, ...note } });
  if (after.mustHitBy == null) {
    if (p.draw !== null) await tx.query('UPDATE jackpot_pools SET hit_point = NULL, draw = NULL WHERE id = $1', [id]);
  } else if (after.mustHitBy !== before.mustHitBy || p.draw === null) {
    await drawNowTx(tx, p, after.mustHitBy, after.seed, source, actor);
  }
  return after;
}

export async function getPool(db: Tx | Store, id: string): Promise<PoolState | null> {
  const [p] = await db.query<PoolRow>('SELECT * FROM jackpot_pools WHERE id = $1', [id]);
  if (!p) return null;
  const [meter, overflow] = await balances(db, [poolAccount(id, p.currency), overflowAccount(id, p.currency)]);
  return { id, currency: p.currency, contributionBps: p.contribution_bps, seed: p.seed, ceiling: p.ceiling,
    mustHitBy: p.must_hit_by, cycle: p.cycle, meter, overflow, hit: p.draw === null ? null : await readCommitment(db, id, p.cycle, p.draw) };
}

export interface ContributionPlan {
  entries: Entry[];
  total: number;
  /** The player whose contribution reached the hit point, to be awarded in the same transaction. */
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
  // The secret hit point; must-hit-by only for a pool not drawn yet (from before migration 104, until start-up draws).
  const hitAt = p.hit_point ?? p.must_hit_by;
  for (const s of stakes) {
    const c = Math.floor((s.amount * p.contribution_bps) / 10000);
    const room = p.ceiling === null ? c : Math.max(0, Math.min(c, p.ceiling - meter - toPool));
    toPool += room;
    toOverflow += c - room;
    if (!mustHit && hitAt !== null && meter + toPool >= hitAt) mustHit = { player: s.player, cycle: p.cycle };
  }
  const entries: Entry[] = [];
  if (toPool > 0) entries.push({ account: poolAccount(poolId, p.currency), amount: toPool });
  if (toOverflow > 0) entries.push({ account: overflowAccount(poolId, p.currency), amount: toOverflow });
  return { entries, total: toPool + toOverflow, mustHit };
}

/**
 * Pays the whole meter of `cycle` to the player and reseeds, unless that cycle was already
 * won; reveals the cycle's hit point and draws (and commits to) the next one.
 */
export async function awardTx(tx: Tx, a: { pool: string; cycle: number; player: string; roundId?: string }, actor: string, source: HitPointSource): Promise<AwardResult> {
  const p = await lockPool(tx, a.pool);
  if (p.cycle !== a.cycle) {
    const [prev] = await tx.query<{ player_id: string; round_id: string | null; amount: number; draw: number | null }>(
      'SELECT player_id, round_id, amount, draw FROM jackpot_awards WHERE pool_id = $1 AND cycle = $2', [a.pool, a.cycle]);
    if (prev && prev.player_id === a.player && prev.round_id === (a.roundId ?? null)) {
      return { won: true, pool: a.pool, cycle: a.cycle, player: a.player, amount: prev.amount, replayed: true, ...(await awardDisclosure(tx, a.pool, a.cycle, prev.draw)) };
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
  await tx.query('INSERT INTO jackpot_awards (pool_id, cycle, player_id, round_id, amount, tx_id, draw) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [a.pool, a.cycle, a.player, a.roundId ?? null, meter, posted?.txId ?? null, p.draw]);
  await tx.query('UPDATE jackpot_pools SET cycle = cycle + 1, hit_point = NULL, draw = NULL WHERE id = $1', [a.pool]);
  // The cycle is over: its hit point and salt are revealed (the award's audit row keeps them).
  const { reveal } = await awardDisclosure(tx, a.pool, a.cycle, p.draw);
  await appendAuditTx(tx, { actor, action: 'jackpot_award', subject: `jackpot:${a.pool}`,
    before: { cycle: a.cycle, meter, overflow }, after: { cycle: a.cycle + 1, meter: p.seed, winner: a.player, amount: meter, roundId: a.roundId ?? null, reveal } });
  // The reset: the next cycle's hit point is drawn and committed in the same transaction.
  const next = p.must_hit_by === null ? null : await drawHitPointTx(tx, a.pool, a.cycle + 1, p.seed, p.must_hit_by, source, actor);
  return { won: true, pool: a.pool, cycle: a.cycle, player: a.player, amount: meter, replayed: false, reveal, next };
}
