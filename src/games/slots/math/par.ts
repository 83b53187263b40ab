// PAR figures from the exact base-spin distribution. Everything is in line-bet units
// (total bet = L units) and exact until the final decimal.
//
// A base spin wins W (line pays + scatter pay) and awards N = freeSpins[scatters].
// A free spin is a base spin on the same reels with its win multiplied: it wins X = m·W
// and awards F (distributed as N). Let q = E[F] (< 1, checked by the loader). The total
// Y paid by one free spin and all the spins it retriggers satisfies Y = X + Σ_{j≤F} Y_j
// with Y_j independent copies of Y, so
//   E[Y]  = μ = E[X] / (1 − q)
//   E[Y²] = (E[X²] + 2μ·E[XF] + (E[F²] − q)·μ²) / (1 − q)
// and a round Z = W + Σ_{j≤N} Y_j has
//   E[Z]  = E[W] + q·μ                     (= base + m·base·q/(1−q), the reference formula)
//   E[Z²] = E[W²] + 2μ·E[WN] + q·E[Y²] + (E[N²] − q)·μ².
// RTP = E[Z]/L, SD per unit bet = √Var(Z)/L, volatility index = 1.645·SD.
import type { Machine } from '../machine.ts';
import { baseDistribution, type Outcome } from './distribution.ts';
import { add, div, mul, rat, sqrtToNumber, sub, type Rational } from './rational.ts';

export interface ParFigures {
  cycle: bigint;
  lines: number;
  rtp: Rational;
  line_rtp: Rational;
  scatter_rtp: Rational;
  bonus_rtp: Rational;
  /** P(a base spin pays anything or awards free spins) */
  hit_frequency: Rational;
  /** P(a base spin awards free spins) */
  free_spin_trigger: Rational;
  /** expected spins awarded per spin, q */
  spins_per_spin: Rational;
  /** expected free spins played per trigger, retriggers included */
  feature_spins: Rational;
  variance: Rational;
  sd: number;
  volatility_index: number;
}

/** Sums over the cycle that the figures need: Σ count·(…). */
export interface Moments {
  cycle: bigint;
  w: bigint;
  w2: bigint;
  n: bigint;
  n2: bigint;
  wn: bigint;
  line: bigint;
  hits: bigint;
  triggers: bigint;
}

export function momentsOf(m: Machine, outcomes: Iterable<Outcome>): Moments {
  const L = BigInt(m.paylines.length);
  const mo: Moments = { cycle: 0n, w: 0n, w2: 0n, n: 0n, n2: 0n, wn: 0n, line: 0n, hits: 0n, triggers: 0n };
  for (const o of outcomes) {
    const c = BigInt(o.count);
    const w = BigInt(o.lineUnits) + BigInt(m.scatterPays[o.scatters] ?? 0) * L;
    const n = BigInt(m.freeSpins[o.scatters] ?? 0);
    mo.cycle += c;
    mo.w += c * w;
    mo.w2 += c * w * w;
    mo.n += c * n;
    mo.n2 += c * n * n;
    mo.wn += c * w * n;
    mo.line += c * BigInt(o.lineUnits);
    if (w > 0n || n > 0n) mo.hits += c;
    if (n > 0n) mo.triggers += c;
  }
  return mo;
}

export function figuresFrom(m: Machine, mo: Moments): ParFigures {
  const E = (x: bigint) => rat(x, mo.cycle);
  const L = rat(m.paylines.length);
  const mult = rat(m.multiplier);
  const one = rat(1);
  const q = E(mo.n);
  const oneMinusQ = sub(one, q);
  if (oneMinusQ.n <= 0n) throw new RangeError('free spins never end: a spin awards at least one spin on average');
  const EW = E(mo.w);
  const EW2 = E(mo.w2);
  const EN2 = E(mo.n2);
  const EWN = E(mo.wn);
  const mu = div(mul(mult, EW), oneMinusQ);
  const EX2 = mul(mul(mult, mult), EW2);
  const EXF = mul(mult, EWN);
  const EY2 = div(add(add(EX2, mul(rat(2), mul(mu, EXF))), mul(sub(EN2, q), mul(mu, mu))), oneMinusQ);
  const EZ = add(EW, mul(q, mu));
  const EZ2 = add(add(EW2, mul(rat(2), mul(mu, EWN))), add(mul(q, EY2), mul(sub(EN2, q), mul(mu, mu))));
  const variance = div(sub(EZ2, mul(EZ, EZ)), mul(L, L));
  const sd = sqrtToNumber(variance);
  const trigger = E(mo.triggers);
  return {
    cycle: mo.cycle,
    lines: m.paylines.length,
    rtp: div(EZ, L),
    line_rtp: div(E(mo.line), L),
    scatter_rtp: div(sub(EW, E(mo.line)), L),
    bonus_rtp: div(mul(q, mu), L),
    hit_frequency: E(mo.hits),
    free_spin_trigger: trigger,
    spins_per_spin: q,
    feature_spins: trigger.n === 0n ? rat(0) : div(div(q, oneMinusQ), trigger),
    variance,
    sd,
    volatility_index: 1.645 * sd,
  };
}

/** The PAR figures of a machine, by exact full-cycle counting (see distribution.ts). */
export function parFigures(m: Machine): ParFigures {
  return figuresFrom(m, momentsOf(m, baseDistribution(m)));
}
