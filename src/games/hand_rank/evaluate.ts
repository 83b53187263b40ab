// The hot path: hand value of 5, 6 or 7 cards (0..51) as an integer 1..7462, higher is
// better, equal values tie. No allocation, no validation (the card ints are trusted:
// engines deal them from a deck); use `evaluate` for untrusted input.
// Per hand: one sum of 7 key lookups, a suit test, and (97% of the time) two table reads.
import { CARD_BIT as BIT, CARD_KEY as K, FLUSH_SUIT5, FLUSH_SUIT6, FLUSH_SUIT7, FLUSH_VALUE, RANK5, RANK6, RANK7, ROW_BITS, SUIT_BITS } from './lookup.ts';

const SUIT_MASK = (1 << SUIT_BITS) - 1;
const OFF5 = RANK5.offsets;
const VAL5 = RANK5.values;
const OFF6 = RANK6.offsets;
const VAL6 = RANK6.values;
const OFF7 = RANK7.offsets;
const VAL7 = RANK7.values;

// Rank bit of a card if it has suit `s`, else 0 (branch-free: -(bool) is all ones or zero).
const bitIf = (c: number, s: number): number => BIT[c]! & -((c & 3) === s ? 1 : 0);

export function evaluate5(a: number, b: number, c: number, d: number, e: number): number {
  const k = K[a]! + K[b]! + K[c]! + K[d]! + K[e]!;
  if (FLUSH_SUIT5[k & SUIT_MASK] !== 0) return FLUSH_VALUE[BIT[a]! | BIT[b]! | BIT[c]! | BIT[d]! | BIT[e]!]!;
  const r = k >>> SUIT_BITS;
  return VAL5[r + OFF5[r >> ROW_BITS]!]!;
}

export function evaluate6(a: number, b: number, c: number, d: number, e: number, f: number): number {
  const k = K[a]! + K[b]! + K[c]! + K[d]! + K[e]! + K[f]!;
  const fs = FLUSH_SUIT6[k & SUIT_MASK]!;
  if (fs !== 0) {
    const s = fs - 1;
    return FLUSH_VALUE[bitIf(a, s) | bitIf(b, s) | bitIf(c, s) | bitIf(d, s) | bitIf(e, s) | bitIf(f, s)]!;
  }
  const r = k >>> SUIT_BITS;
  return VAL6[r + OFF6[r >> ROW_BITS]!]!;
}

export function evaluate7(a: number, b: number, c: number, d: number, e: number, f: number, g: number): number {
  const k = K[a]! + K[b]! + K[c]! + K[d]! + K[e]! + K[f]! + K[g]!;
  const fs = FLUSH_SUIT7[k & SUIT_MASK]!;
  if (fs !== 0) {
    const s = fs - 1;
    return FLUSH_VALUE[bitIf(a, s) | bitIf(b, s) | bitIf(c, s) | bitIf(d, s) | bitIf(e, s) | bitIf(f, s) | bitIf(g, s)]!;
  }
  const r = k >>> SUIT_BITS;
  return VAL7[r + OFF7[r >> ROW_BITS]!]!;
}

/** Checked entry point: 5 to 7 distinct card ints. Throws a RangeError otherwise. */
export function evaluate(cards: readonly number[]): number {
  checkCards(cards);
  const [a, b, c, d, e, f, g] = cards as number[];
  if (cards.length === 5) return evaluate5(a!, b!, c!, d!, e!);
  if (cards.length === 6) return evaluate6(a!, b!, c!, d!, e!, f!);
  return evaluate7(a!, b!, c!, d!, e!, f!, g!);
}

export function checkCards(cards: readonly number[]): void {
  if (cards.length < 5 || cards.length > 7) throw new RangeError(`a poker hand has 5 to 7 cards, got ${cards.length}`);
  let seen = 0n;
  for (const c of cards) {
    if (!Number.isInteger(c) || c < 0 || c > 51) throw new RangeError(`not a card int (0..51): ${c}`);
    if (seen & (1n << BigInt(c))) throw new RangeError(`duplicate card: ${c}`);
    seen |= 1n << BigInt(c);
  }
}
