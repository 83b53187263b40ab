// Secret hit points of must-hit-by jackpots (GLI: a mystery / must-hit-by pool draws its
// hit point secretly at each reset and commits to it). Paying the spin that carries the
// public meter to must-hit-by lets anyone watching the meter snipe it; so at each reset a
// hit point is drawn from the OS CSPRNG, uniform on [lo, hi] (the reset value and
// must-hit-by), kept in jackpot_draws and on the pool row, and only its commitment
// SHA-256('<hit_point>:<salt>') is published. The 128-bit salt is what keeps the
// commitment from being brute-forced over the (small) range. Hit point and salt are
// revealed with the award, so anyone can check them (`pitboss verify jackpot`).
// Neither is ever put in an error message, a log line or an audit row before the win.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Store, Tx } from '../store/types.ts';
import { appendAuditTx } from './audit.ts';

/** What is published from the moment of the draw. */
export interface HitCommitment {
  cycle: number;
  /** 1 at the reset; a rules change during the cycle draws again (2, 3, …). */
  draw: number;
  commitment: string;
  lo: number;
  hi: number;
}

/** What the win reveals. */
export interface HitReveal extends HitCommitment {
  hitPoint: number;
  salt: string;
}

export interface HitPointSource {
  /** A uniform integer in [lo, hi] and a fresh salt, drawn from nothing public. `at` is for deterministic test sources. */
  draw(lo: number, hi: number, at: { pool: string; cycle: number; draw: number }): { hitPoint: number; salt: string };
}

/** The widest range randomInt draws from (hi + 1 − lo < 2^48). */
export const MAX_HIT_RANGE = 2 ** 48 - 2;

/** The production source: node:crypto's randomInt (the OS CSPRNG, rejection-sampled: no modulo bias). */
export const cryptoHitPoints: HitPointSource = {
  draw: (lo, hi) => ({ hitPoint: randomInt(lo, hi + 1), salt: randomBytes(16).toString('hex') }),
};

export function commitHitPoint(hitPoint: number, salt: string): string {
  return createHash('sha256').update(`${hitPoint}:${salt}`, 'utf8').digest('hex');
}

/** Checks a reveal against its published commitment and range. */
export function checkHitReveal(r: { hitPoint: number; salt: string; commitment: string; lo: number; hi: number }): { hashMatches: boolean; inRange: boolean } {
  return {
    hashMatches: commitHitPoint(r.hitPoint, r.salt) === r.commitment.toLowerCase(),
    inRange: Number.isSafeInteger(r.hitPoint) && r.lo <= r.hitPoint && r.hitPoint <= r.hi,
  };
}

/**
 * Draws the hit point of `cycle` in [lo, hi], keeps it and publishes its commitment (an
 * audited `jackpot_commit`). The caller holds the pool row lock; the audit head is taken
 * last, after any account locks, as everywhere.
 */
export async function drawHitPointTx(tx: Tx, pool: string, cycle: number, lo: number, hi: number, source: HitPointSource, actor: string): Promise<HitCommitment> {
  const [{ n }] = await tx.query<{ n: number }>('SELECT coalesce(max(draw), 0)::int + 1 AS n FROM jackpot_draws WHERE pool_id = $1 AND cycle = $2', [pool, cycle]);
  const { hitPoint, salt } = source.draw(lo, hi, { pool, cycle, draw: n });
  // Refuse a bad draw without saying what it was: the value is a secret.
  if (!Number.isSafeInteger(hitPoint) || hitPoint < lo || hitPoint > hi || typeof salt !== 'string' || salt.length < 16) {
    throw new Error(`hit point source gave an unusable draw for jackpot ${pool}`);
  }
  const c: HitCommitment = { cycle, draw: n, commitment: commitHitPoint(hitPoint, salt), lo, hi };
  await tx.query('INSERT INTO jackpot_draws (pool_id, cycle, draw, lo, hi, hit_point, salt, commitment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [pool, cycle, n, lo, hi, hitPoint, salt, c.commitment]);
  await tx.query('UPDATE jackpot_pools SET hit_point = $2, draw = $3 WHERE id = $1', [pool, hitPoint, n]);
  await appendAuditTx(tx, { actor, action: 'jackpot_commit', subject: `jackpot:${pool}`, before: null, after: c });
  return c;
}

type DrawRow = { cycle: number; draw: number; commitment: string; lo: number; hi: number; hit_point: number; salt: string };

async function drawRow(db: Tx | Store, pool: string, cycle: number, draw: number): Promise<DrawRow | null> {
  const [d] = await db.query<DrawRow>('SELECT cycle, draw, commitment, lo, hi, hit_point, salt FROM jackpot_draws WHERE pool_id = $1 AND cycle = $2 AND draw = $3', [pool, cycle, draw]);
  return d ?? null;
}

/** The published part of a draw (never the hit point or the salt). */
export async function readCommitment(db: Tx | Store, pool: string, cycle: number, draw: number): Promise<HitCommitment | null> {
  const d = await drawRow(db, pool, cycle, draw);
  return d && { cycle: d.cycle, draw: d.draw, commitment: d.commitment, lo: d.lo, hi: d.hi };
}

/** A draw whose cycle is over, revealed. Callers only pass draws of won cycles. */
export async function readReveal(db: Tx | Store, pool: string, cycle: number, draw: number): Promise<HitReveal | null> {
  const d = await drawRow(db, pool, cycle, draw);
  return d && { cycle: d.cycle, draw: d.draw, commitment: d.commitment, lo: d.lo, hi: d.hi, hitPoint: d.hit_point, salt: d.salt };
}

/** What an award of `cycle` (paid on `draw`) discloses: that draw revealed, and the commitment of the next cycle. */
export async function awardDisclosure(db: Tx | Store, pool: string, cycle: number, draw: number | null): Promise<{ reveal: HitReveal | null; next: HitCommitment | null }> {
  return { reveal: draw === null ? null : await readReveal(db, pool, cycle, draw), next: await readCommitment(db, pool, cycle + 1, 1) };
}
