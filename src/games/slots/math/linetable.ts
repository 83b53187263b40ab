// The per-symbol table of a PAR sheet, by counting one line. A line's cells come one
// from each reel, and over the cycle each reel's cell is that reel's symbol with
// probability (its stops)/(strip length), independently of the other reels and of the
// line's rows. So every line has the same pay distribution, and line RTP is the
// expected pay of one line per unit line bet. The count of cell sequences is a product
// of per-reel symbol counts; the walk stops branching once every run has broken (the
// remaining reels just multiply), so it is polynomial, not a walk over the cycle.
import { evaluateLine } from '../evaluate.ts';
import type { Machine } from '../machine.ts';
import { rat, type Rational } from './rational.ts';

export interface LineTableRow {
  symbol: string;
  count: number;
  pay: number;
  /** cell sequences (out of the cycle) where the line pays this symbol × count */
  combos: bigint;
  probability: Rational;
  /** contribution to the RTP (pay × probability, per unit line bet) */
  rtp: Rational;
}

export function lineTable(m: Machine): LineTableRow[] {
  const R = m.strips.length;
  const perReel = m.strips.map((strip) => {
    const counts = new Map<number, number>();
    for (const s of strip) counts.set(s, (counts.get(s) ?? 0) + 1);
    return [...counts];
  });
  const rest: bigint[] = []; // rest[r] = product of strip lengths of reels r..R-1
  rest[R] = 1n;
  for (let r = R - 1; r >= 0; r--) rest[r] = rest[r + 1]! * BigInt(m.strips[r]!.length);
  const allPaying = m.paying.reduce((a, s) => a | (1 << s), 0);
  const tally = new Map<string, bigint>();

  const cells: number[] = [];
  const walk = (r: number, mask: number, weight: bigint) => {
    if (r === R || (r > 0 && mask === 0)) {
      const win = evaluateLine(m, cells); // runs all ended inside the prefix, so the prefix decides
      if (win) {
        const key = `${win.symbol}:${win.count}`;
        tally.set(key, (tally.get(key) ?? 0n) + weight * rest[r]!);
      }
      return;
    }
    for (const [x, n] of perReel[r]!) {
      const next = r === 0 ? (x === m.wild ? allPaying : allPaying & (1 << x)) : x === m.wild ? mask : mask & (1 << x);
      cells.push(x);
      walk(r + 1, next, weight * BigInt(n));
      cells.pop();
    }
  };
  walk(0, 0, 1n);

  const rows: LineTableRow[] = [];
  for (const s of m.paying) {
    for (let k = 1; k <= R; k++) {
      const pay = m.pays[s]![k]!;
      if (pay === 0) continue;
      const combos = tally.get(`${s}:${k}`) ?? 0n;
      rows.push({ symbol: m.symbols[s]!, count: k, pay, combos, probability: rat(combos, rest[0]!), rtp: rat(combos * BigInt(pay), rest[0]!) });
    }
  }
  return rows;
}
