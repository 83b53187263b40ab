// Exact hold'em equity: enumerates every way to complete the board from the cards not
// seen (hole cards, known board cards and dead cards removed) and scores each hand
// with evaluate7. A hand that shares the best value with k-1 others gets 1/k of that
// board. Preflop heads-up is C(48,5) = 1,712,304 boards: well under a second.
import { evaluate7 } from './evaluate.ts';

export interface EquityOptions {
  /** known community cards, 0 to 5 */
  board?: readonly number[];
  /** cards known to be out of play (folded, burned, exposed) */
  dead?: readonly number[];
}

export interface HandEquity {
  /** boards this hand wins outright */
  wins: number;
  /** boards where this hand shares the best value */
  ties: number;
  /** wins / boards */
  win: number;
  /** ties / boards */
  tie: number;
  /** its expected share of the pot: (wins + sum over ties of 1/k) / boards */
  equity: number;
}

export interface EquityResult {
  boards: number;
  hands: HandEquity[];
}

export function equity(holeCards: readonly (readonly number[])[], opts: EquityOptions = {}): EquityResult {
  const board = opts.board ?? [];
  const dead = opts.dead ?? [];
  if (holeCards.length < 2) throw new RangeError('equity needs at least two hands');
  if (holeCards.some((h) => h.length !== 2)) throw new RangeError("each hold'em hand has exactly 2 hole cards");
  if (board.length > 5) throw new RangeError(`a board has at most 5 cards, got ${board.length}`);
  const known = [...holeCards.flat(), ...board, ...dead];
  const seen = new Set<number>();
  for (const c of known) {
    if (!Number.isInteger(c) || c < 0 || c > 51) throw new RangeError(`not a card int (0..51): ${c}`);
    if (seen.has(c)) throw new RangeError(`card used twice: ${c}`);
    seen.add(c);
  }
  const pool = Int32Array.from({ length: 52 }, (_, c) => c).filter((c) => !seen.has(c));
  const need = 5 - board.length;
  if (pool.length < need) throw new RangeError('not enough unseen cards to complete the board');

  const n = holeCards.length;
  const h1 = Int32Array.from(holeCards, (h) => h[0]!);
  const h2 = Int32Array.from(holeCards, (h) => h[1]!);
  const wins = new Float64Array(n);
  const ties = new Float64Array(n);
  const shares = new Float64Array(n);
  const values = new Int32Array(n);
  const b = Int32Array.from({ length: 5 }, (_, i) => board[i] ?? 0);
  let boards = 0;

  const score = (): void => {
    boards++;
    let best = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = evaluate7(h1[i]!, h2[i]!, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!);
      values[i] = v;
      if (v > best) {
        best = v;
        count = 1;
      } else if (v === best) count++;
    }
    for (let i = 0; i < n; i++) {
      if (values[i] !== best) continue;
      if (count === 1) wins[i]!++;
      else {
        ties[i]!++;
        shares[i]! += 1 / count;
      }
    }
  };
  // choose the missing board cards in increasing pool order (each board once)
  const fill = (slot: number, from: number): void => {
    if (slot === 5) return score();
    for (let j = from; j <= pool.length - (5 - slot); j++) {
      b[slot] = pool[j]!;
      fill(slot + 1, j + 1);
    }
  };
  fill(board.length, 0);

  return {
    boards,
    hands: Array.from({ length: n }, (_, i) => ({
      wins: wins[i]!,
      ties: ties[i]!,
      win: wins[i]! / boards,
      tie: ties[i]! / boards,
      equity: (wins[i]! + shares[i]!) / boards,
    })),
  };
}
