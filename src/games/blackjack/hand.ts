// Card points and hand totals. Rank (card >> 2): 0..7 = two..nine, 8..11 = ten..king, 12 = ace.
import type { Card } from '../cards.ts';
import { rankOf } from '../cards.ts';

export const ACE = 12;

/** 2..10, ace 11 */
export const pointOf = (c: Card): number => {
  const r = rankOf(c);
  return r === ACE ? 11 : r >= 8 ? 10 : r + 2;
};

// Totals are computed on every decision of every simulated hand: a table lookup is
// markedly faster than recomputing the rank.
const POINTS = Int8Array.from({ length: 52 }, (_, c) => pointOf(c));

/** The best total not over 21 if there is one; `soft` when an ace still counts 11. */
export function valueOf(cards: readonly Card[]): { total: number; soft: boolean } {
  let total = 0;
  let aces = 0;
  for (let i = 0; i < cards.length; i++) {
    const p = POINTS[cards[i]!]!;
    total += p;
    if (p === 11) aces++;
  }
  while (total > 21 && aces > 0) {
    total -= 10;
    aces--;
  }
  return { total, soft: aces > 0 };
}

export const totalOf = (cards: readonly Card[]): number => valueOf(cards).total;

/** Two cards worth 21; a split hand's 21 is not a blackjack. */
export const isNatural = (cards: readonly Card[], fromSplit = false): boolean => !fromSplit && cards.length === 2 && totalOf(cards) === 21;
