// Spin evaluation, pure: stops → window → line wins, scatter win, free spins awarded.
// Amounts here are in line-bet units (one unit = the bet on one line); round.ts turns
// them into money. A scatter pay is a multiple of the total bet, i.e. × lines units.
import type { Rng } from '../rng/types.ts';
import type { Machine } from './machine.ts';

export interface LineWin {
  line: number;
  symbol: number;
  count: number;
  pay: number;
}

export interface SpinEval {
  stops: number[];
  /** window[reel][row] = symbol index */
  window: number[][];
  lineWins: LineWin[];
  scatters: number;
  /** multiple of the total bet */
  scatterPay: number;
  freeSpins: number;
  /** everything this spin pays, in line-bet units (before any free-spin multiplier) */
  units: number;
}

/** One draw per reel, in reel order: the only randomness a spin consumes. */
export function drawStops(m: Machine, rng: Rng): number[] {
  return m.strips.map((strip) => rng.int(strip.length));
}

export function windowAt(m: Machine, stops: readonly number[]): number[][] {
  return m.strips.map((strip, r) => {
    const col: number[] = [];
    for (let row = 0; row < m.rows; row++) col.push(strip[(stops[r]! + row) % strip.length]!);
    return col;
  });
}

/**
 * The pay of one line given its cells left to right: for each paying symbol s, the run
 * from the leftmost reel of cells that are s or wild (for s = wild: wild only), looked
 * up in pays[s]; the line pays the largest. Ties go to the symbol listed first.
 */
export function evaluateLine(m: Machine, cells: readonly number[]): { symbol: number; count: number; pay: number } | null {
  let best: { symbol: number; count: number; pay: number } | null = null;
  for (const s of m.paying) {
    let run = 0;
    while (run < cells.length && (cells[run] === s || cells[run] === m.wild)) run++;
    const pay = m.pays[s]![run]!;
    if (pay > 0 && (best === null || pay > best.pay)) best = { symbol: s, count: run, pay };
  }
  return best;
}

export function evaluateWindow(m: Machine, window: readonly (readonly number[])[], stops: number[] = []): SpinEval {
  const lineWins: LineWin[] = [];
  let units = 0;
  const cells = new Array<number>(window.length);
  m.paylines.forEach((rows, line) => {
    for (let r = 0; r < rows.length; r++) cells[r] = window[r]![rows[r]!]!;
    const win = evaluateLine(m, cells);
    if (win) {
      lineWins.push({ line, ...win });
      units += win.pay;
    }
  });
  let scatters = 0;
  if (m.scatter >= 0) for (const col of window) for (const s of col) if (s === m.scatter) scatters++;
  const scatterPay = m.scatterPays[scatters] ?? 0;
  units += scatterPay * m.paylines.length;
  return { stops, window: window.map((c) => [...c]), lineWins, scatters, scatterPay, freeSpins: m.freeSpins[scatters] ?? 0, units };
}

export function evaluateStops(m: Machine, stops: readonly number[]): SpinEval {
  return evaluateWindow(m, windowAt(m, stops), [...stops]);
}
