// Machines and a brute-force oracle shared by the slots tests.
import { evaluateStops } from '../../../src/games/slots/evaluate.ts';
import type { Machine } from '../../../src/games/slots/machine.ts';
import type { Outcome } from '../../../src/games/slots/math/distribution.ts';

/** 3 reels × 1 row, one line: small enough to work out by hand (exact.test.ts). */
export const tinyFile = {
  id: 'tiny',
  name: 'Tiny',
  rows: 1,
  reels: [
    ['A', 'W', 'S'],
    ['A', 'B', 'W'],
    ['A', 'S', 'B', 'W'],
  ],
  paylines: [[0, 0, 0]],
  wild: 'W',
  scatter: { symbol: 'S', pays: { '2': 1 }, freeSpins: { '2': 1 } },
  freeSpinMultiplier: 2,
  pays: { A: { '3': 10 }, B: { '3': 5 }, W: { '2': 2, '3': 50 } },
};

/** 5 reels × 3 rows, 18,816 stop combinations: brute force is quick. Odd on purpose:
 * a 2-of-a-kind pay, a pay table that falls with length, a blank, several scatters
 * visible on one reel, retriggers. */
export const smallFile = {
  id: 'small',
  name: 'Small',
  rows: 3,
  reels: [
    ['A', 'K', 'W', 'S', 'Q', 'A', 'X'],
    ['K', 'A', 'W', 'Q', 'S', 'K', 'A', 'X'],
    ['A', 'Q', 'K', 'S', 'W', 'S'],
    ['A', 'K', 'Q', 'W', 'S', 'A', 'X'],
    ['K', 'A', 'Q', 'S', 'W', 'X', 'K', 'Q'],
  ],
  paylines: [
    [1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0],
    [2, 2, 2, 2, 2],
    [0, 1, 2, 1, 0],
    [2, 1, 0, 1, 2],
  ],
  wild: 'W',
  scatter: { symbol: 'S', pays: { '2': 1, '3': 2, '4': 10, '5': 50, '6': 100 }, freeSpins: { '4': 1, '5': 2, '6': 3 } },
  freeSpinMultiplier: 2,
  pays: { W: { '3': 20, '4': 50, '5': 100 }, A: { '2': 1, '3': 5, '4': 10, '5': 20 }, K: { '3': 9, '4': 6, '5': 4 }, Q: { '3': 3, '4': 6, '5': 10 } },
};

/** Every stop combination of the cycle, evaluated one by one with the plain evaluator. */
export function bruteForceOutcomes(m: Machine): Outcome[] {
  const out: Outcome[] = [];
  const stops = new Array<number>(m.strips.length).fill(0);
  const visit = (r: number) => {
    if (r === m.strips.length) {
      const e = evaluateStops(m, stops);
      out.push({ lineUnits: e.units - e.scatterPay * m.paylines.length, scatters: e.scatters, count: 1 });
      return;
    }
    for (let p = 0; p < m.strips[r]!.length; p++) {
      stops[r] = p;
      visit(r + 1);
    }
  };
  visit(0);
  return out;
}
