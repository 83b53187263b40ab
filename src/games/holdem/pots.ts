// Pot arithmetic, independent of hand values. Pots are derived from what each player put
// in (never stored), so they cannot drift from the stacks: chips are conserved by
// construction, and the property tests check it anyway.
import { clockwiseAfter } from './seats.ts';
import type { PlayerState, Pot } from './types.ts';

export interface Contribution {
  seat: number;
  amount: number;
  folded: boolean;
}

/**
 * Main pot and side pots. Each distinct contribution level cuts a layer; a layer's chips
 * come from everyone (folded players too) and only players who are still in and reached
 * that level may win it. Adjacent layers with the same eligible seats are one pot. A layer
 * nobody still in reached (only folded money above every live player) joins the pot below:
 * it cannot happen once uncalled bets are returned, but chips must never vanish.
 */
export function buildPots(contribs: readonly Contribution[]): Pot[] {
  const levels = [...new Set(contribs.map((c) => c.amount).filter((a) => a > 0))].sort((a, b) => a - b);
  const pots: Pot[] = [];
  let prev = 0;
  let orphan = 0;
  for (const level of levels) {
    let amount = 0;
    for (const c of contribs) amount += Math.max(0, Math.min(c.amount, level) - prev);
    const seats = contribs
      .filter((c) => !c.folded && c.amount >= level)
      .map((c) => c.seat)
      .sort((a, b) => a - b);
    prev = level;
    const last = pots[pots.length - 1];
    if (seats.length === 0) orphan += amount;
    else if (last && sameSeats(last.seats, seats)) last.amount += amount + orphan;
    else pots.push({ amount: amount + orphan, seats });
    if (seats.length > 0) orphan = 0;
  }
  if (orphan > 0 && pots.length > 0) pots[pots.length - 1]!.amount += orphan;
  return pots;
}

const sameSeats = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** The pots of a hand so far, from the players' whole-hand totals. */
export function potsOf(players: readonly PlayerState[], collectedOnly = false): Pot[] {
  return buildPots(
    players.map((p) => ({
      seat: p.seat,
      amount: collectedOnly ? p.total - p.committed : p.total,
      folded: p.status === 'folded',
    })),
  );
}

/**
 * Split a pot between tied winners. Each gets the same whole share; the odd chips left
 * over go one at a time to the winners in clockwise order starting left of the button.
 */
export function splitPot(
  amount: number,
  winners: readonly number[],
  button: number,
  tableSize: number,
): Array<{ seat: number; amount: number }> {
  const ordered = clockwiseAfter(
    winners.map((seat) => ({ seat })),
    button,
    tableSize,
  );
  const share = Math.floor(amount / ordered.length);
  let odd = amount - share * ordered.length;
  return ordered.map(({ seat }) => {
    const extra = odd > 0 ? 1 : 0;
    odd -= extra;
    return { seat, amount: share + extra };
  });
}

/**
 * The part of the street's highest bet nobody matched goes back to its owner before the
 * pots are made (it was never at risk). Returns the refund, or null when the top is matched.
 */
export function returnUncalled(players: PlayerState[]): { seat: number; amount: number } | null {
  if (players.length < 2) return null;
  const sorted = players.slice().sort((a, b) => b.committed - a.committed);
  const top = sorted[0]!;
  const excess = top.committed - sorted[1]!.committed;
  if (excess <= 0) return null;
  top.committed -= excess;
  top.total -= excess;
  top.stack += excess;
  // An all-in that nobody fully called leaves its owner with chips again. Nobody is left
  // to bet against them (everyone else folded or is all-in for less), so the board runs out.
  if (top.status === 'all_in' && top.stack > 0) top.status = 'active';
  return { seat: top.seat, amount: excess };
}
