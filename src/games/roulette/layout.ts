// The single-zero layout and what each bet covers. Numbers 1..36 sit in 12 rows of three
// (row r = 1+3r, 2+3r, 3+3r); column c holds c+1, c+4, ... A bet is valid only if its
// numbers really form that shape on the felt, checked here so the engine and the
// simulator share one definition.
//
// Decisions (see docs/game-math.md "## Roulette"):
// - splits with zero: 0-1, 0-2, 0-3; trios 0-1-2 and 0-2-3 are accepted as streets (11:1);
//   the first four 0-1-2-3 is accepted as a corner (8:1). Every bet keeps the 1/37 edge.
// - dozen and column take `numbers: [k]`, k = 1, 2 or 3 (or the full list of 12 numbers).
// - red/black/odd/even/low/high take no numbers.
export const BET_TYPES = ['straight', 'split', 'street', 'corner', 'six_line', 'dozen', 'column', 'red', 'black', 'odd', 'even', 'low', 'high'] as const;
export type BetType = (typeof BET_TYPES)[number];

/** Winnings per unit staked; a winning bet also gets its stake back. */
export const PAYOUT: Record<BetType, number> = {
  straight: 35, split: 17, street: 11, corner: 8, six_line: 5, dozen: 2, column: 2,
  red: 1, black: 1, odd: 1, even: 1, low: 1, high: 1,
};

export const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const key = (ns: readonly number[]): string => [...ns].sort((a, b) => a - b).join('-');

function shapes(): Record<'split' | 'street' | 'corner' | 'six_line', Set<string>> {
  const split = new Set(['0-1', '0-2', '0-3']);
  const street = new Set(['0-1-2', '0-2-3']);
  const corner = new Set(['0-1-2-3']);
  const six = new Set<string>();
  for (let n = 1; n <= 36; n++) {
    const col = (n - 1) % 3;
    if (col < 2) split.add(key([n, n + 1]));
    if (n <= 33) split.add(key([n, n + 3]));
    if (col < 2 && n <= 33) corner.add(key([n, n + 1, n + 3, n + 4]));
  }
  for (let r = 0; r < 12; r++) {
    street.add(key(range(3 * r + 1, 3 * r + 3)));
    if (r < 11) six.add(key(range(3 * r + 1, 3 * r + 6)));
  }
  return { split, street, corner, six_line: six };
}
const SHAPES = shapes();
const COUNT = { straight: 1, split: 2, street: 3, corner: 4, six_line: 6 } as const;

const dozen = (k: number): number[] => range(12 * (k - 1) + 1, 12 * k);
const column = (k: number): number[] => range(0, 11).map((r) => 3 * r + k);

const OUTSIDE: Record<'red' | 'black' | 'odd' | 'even' | 'low' | 'high', number[]> = {
  red: range(1, 36).filter((n) => RED.has(n)),
  black: range(1, 36).filter((n) => !RED.has(n)),
  odd: range(1, 36).filter((n) => n % 2 === 1),
  even: range(1, 36).filter((n) => n % 2 === 0),
  low: range(1, 18),
  high: range(19, 36),
};

/** The pockets a bet covers, or a snake_case detail saying why the numbers do not form it. */
export function covered(type: BetType, numbers: readonly number[] | undefined): number[] | string {
  const ns = numbers ?? [];
  if (!ns.every((n) => Number.isInteger(n))) return 'numbers_not_integers';
  switch (type) {
    case 'straight':
    case 'split':
    case 'street':
    case 'corner':
    case 'six_line': {
      if (ns.length !== COUNT[type]) return 'wrong_count';
      if (!ns.every((n) => n >= 0 && n <= 36)) return 'number_out_of_range';
      if (new Set(ns).size !== ns.length) return 'duplicate_numbers';
      if (type !== 'straight' && !SHAPES[type].has(key(ns))) return 'not_adjacent';
      return [...ns].sort((a, b) => a - b);
    }
    case 'dozen':
    case 'column': {
      const pick = type === 'dozen' ? dozen : column;
      if (ns.length === 1 && ns[0]! >= 1 && ns[0]! <= 3) return pick(ns[0]!);
      if (ns.length === 12) {
        for (const k of [1, 2, 3]) if (key(pick(k)) === key(ns)) return pick(k);
      }
      return type === 'dozen' ? 'not_a_dozen' : 'not_a_column';
    }
    default:
      if (ns.length !== 0) return 'numbers_not_allowed';
      return OUTSIDE[type];
  }
}

/** Every distinct placement of a bet type, as covered pockets (for simulation and tests). */
export function allPlacements(type: BetType): number[][] {
  switch (type) {
    case 'straight':
      return range(0, 36).map((n) => [n]);
    case 'split':
    case 'street':
    case 'corner':
    case 'six_line':
      return [...SHAPES[type]].map((k) => k.split('-').map(Number));
    case 'dozen':
      return [1, 2, 3].map(dozen);
    case 'column':
      return [1, 2, 3].map(column);
    default:
      return [OUTSIDE[type]];
  }
}
