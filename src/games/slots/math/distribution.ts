// The exact distribution of a base spin's win over the full cycle, without visiting
// every stop combination. Reels are added one at a time; after each reel a spin is
// summarised by what still matters for the rest of it:
//   per line: the mask of paying symbols whose run is still unbroken and could still
//             beat the line's best pay so far, and that best pay;
//   the pays already settled on lines whose runs have all broken; the scatters seen.
// Spins with equal summaries are merged (their counts added), which is what keeps this
// far below the cycle: after the first three reels almost every line has settled.
// A symbol is dropped from a mask once the most it could still pay is no more than the
// line's best, which changes nothing in the result but lets more summaries merge.
// The result is exact: counts are integers (< 2^53, checked by the loader) over the cycle.
import type { Machine } from '../machine.ts';

/** combinations of stops (out of machine.cycle) whose spin pays `lineUnits` on lines and shows `scatters` */
export interface Outcome {
  lineUnits: number;
  scatters: number;
  count: number;
}

interface Summary {
  /** the lines still open, with their masks and best pays at the same positions */
  open: number[];
  masks: number[];
  best: number[];
  settled: number;
  scatters: number;
  count: number;
}

export function baseDistribution(m: Machine): Outcome[] {
  const R = m.strips.length;
  // maxFrom[s][k] = the most symbol s can pay with a run of k or more
  const maxFrom = m.pays.map((p) => {
    const out = new Array<number>(R + 2).fill(0);
    for (let k = R; k >= 0; k--) out[k] = Math.max(out[k + 1]!, p[k]!);
    return out;
  });
  // Before the first reel every paying symbol is "unbroken" on every line; the first
  // cell then keeps the wild's full mask or its own symbol, as for any later reel.
  const allPaying = m.paying.reduce((a, s) => a | (1 << s), 0);
  const columns = m.strips.map((_, r) => distinctColumns(m, r));

  const lines = m.paylines.map((_, l) => l);
  let level = new Map<string, Summary>();
  level.set('', { open: lines, masks: lines.map(() => allPaying), best: lines.map(() => 0), settled: 0, scatters: 0, count: 1 });
  for (let r = 0; r < R; r++) {
    const last = r === R - 1;
    const next = new Map<string, Summary>();
    for (const sum of level.values()) {
      for (const col of columns[r]!) {
        const open: number[] = [];
        const masks: number[] = [];
        const best: number[] = [];
        let settled = sum.settled;
        for (let i = 0; i < sum.open.length; i++) {
          const l = sum.open[i]!;
          const x = col.cells[l]!;
          const old = sum.masks[i]!;
          let b = sum.best[i]!;
          let mask = x === m.wild ? old : old & (1 << x);
          // symbols whose run broke at this reel settle with a run of r
          for (let dropped = old & ~mask; dropped; dropped &= dropped - 1) b = Math.max(b, m.pays[31 - Math.clz32(dropped & -dropped)]![r]!);
          for (let bits = mask; bits; bits &= bits - 1) {
            const s = 31 - Math.clz32(bits & -bits);
            if (maxFrom[s]![r + 1]! <= b) mask &= ~(1 << s);
            else if (last) b = Math.max(b, m.pays[s]![R]!); // unbroken to the end: a run of R
          }
          if (mask === 0 || last) settled += b;
          else {
            open.push(l);
            masks.push(mask);
            best.push(b);
          }
        }
        const scatters = sum.scatters + col.scatters;
        const key = `${open.join(',')}|${masks.join(',')}|${best.join(',')}|${settled}|${scatters}`;
        const hit = next.get(key);
        if (hit) hit.count += sum.count * col.count;
        else next.set(key, { open, masks, best, settled, scatters, count: sum.count * col.count });
      }
    }
    level = next;
  }
  return [...level.values()].map((s) => ({ lineUnits: s.settled, scatters: s.scatters, count: s.count }));
}

/** A reel's stops grouped by identical window column: per line the cell it shows, the scatters, and how many stops. */
function distinctColumns(m: Machine, r: number): { cells: number[]; scatters: number; count: number }[] {
  const strip = m.strips[r]!;
  const groups = new Map<string, { cells: number[]; scatters: number; count: number }>();
  for (let p = 0; p < strip.length; p++) {
    const col: number[] = [];
    for (let row = 0; row < m.rows; row++) col.push(strip[(p + row) % strip.length]!);
    const key = col.join(',');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { cells: m.paylines.map((line) => col[line[r]!]!), scatters: col.filter((s) => s === m.scatter).length, count: 1 });
  }
  return [...groups.values()];
}
