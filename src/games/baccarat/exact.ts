// Exact coup probabilities by full enumeration of the shoe's first six cards, drawn
// without replacement (each card weighted by how many of its point value remain).
// Only the point value matters for the winner, so the 416 cards fold into 10 classes
// (point 0: 128 cards, points 1..9: 32 each). Every path is scaled to the common
// denominator 416·415·414·413·412·411, so the counts are exact integers.
import { bankerDraws } from './rules.ts';
import type { Winner } from './rules.ts';

export interface ExactOdds {
  /** numerators over `total` */
  player: bigint;
  banker: bigint;
  tie: bigint;
  total: bigint;
}

export function exactOdds(decks = 8): ExactOdds {
  const counts = Array.from({ length: 10 }, (_, v) => BigInt((v === 0 ? 16 : 4) * decks));
  const n = 52n * BigInt(decks);
  const out: Record<Winner, bigint> = { player: 0n, banker: 0n, tie: 0n };
  // remaining[k]: how many cards are left after k are dealt; unused draws multiply out.
  const rest = (dealt: number): bigint => {
    let f = 1n;
    for (let k = dealt; k < 6; k++) f *= n - BigInt(k);
    return f;
  };
  // Deals one more card of every point value that remains, weighted by its count.
  const draw = (weight: bigint, then: (v: number, w: bigint) => void): void => {
    for (let v = 0; v < 10; v++) {
      const c = counts[v]!;
      if (c === 0n) continue;
      counts[v] = c - 1n;
      then(v, weight * c);
      counts[v] = c;
    }
  };
  const finish = (p: number, b: number, weight: bigint, dealt: number): void => {
    out[p > b ? 'player' : b > p ? 'banker' : 'tie'] += weight * rest(dealt);
  };
  draw(1n, (p1, w1) => draw(w1, (b1, w2) => draw(w2, (p2, w3) => draw(w3, (b2, w4) => {
    const pt = (p1 + p2) % 10;
    const bt = (b1 + b2) % 10;
    if (pt >= 8 || bt >= 8) return finish(pt, bt, w4, 4); // a natural: both stand
    if (pt >= 6) {
      if (!bankerDraws(bt, null)) return finish(pt, bt, w4, 4);
      return draw(w4, (b3, w5) => finish(pt, (bt + b3) % 10, w5, 5));
    }
    draw(w4, (p3, w5) => {
      const pf = (pt + p3) % 10;
      if (!bankerDraws(bt, p3)) return finish(pf, bt, w5, 5);
      draw(w5, (b3, w6) => finish(pf, (bt + b3) % 10, w6, 6));
    });
  }))));
  return { ...out, total: rest(0) };
}

/** A bigint fraction as a double, exact to ~15 significant digits. */
export const ratio = (num: bigint, den: bigint): number => Number((num * 10n ** 18n) / den) / 1e18;
