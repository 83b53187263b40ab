// Showdown: who shows in which order, who may muck, and who wins each pot. Hand values
// come from an injected Ranker (the poker evaluator in production, a table in tests),
// so this file is pure pot-and-order logic.
import { cardToString, type Card } from '../cards.ts';
import { clockwiseAfter } from './seats.ts';
import { splitPot } from './pots.ts';
import type { HoldemEvent } from './events.ts';
import type { Opening } from './commit.ts';
import type { PlayerState, Pot, ShownHand } from './types.ts';

export interface Ranker {
  /** Value of the best 5 of these 7 cards: higher is better, equal is a tie. */
  value(cards: readonly Card[]): number;
  category(value: number): string;
  describe(value: number): string;
}

export interface ShowdownInput {
  contenders: readonly PlayerState[];
  board: readonly Card[];
  pots: readonly Pot[];
  button: number;
  tableSize: number;
  /** Seat of the last bet/raise on the river, if any: that player shows first. */
  riverAggressor: number | null;
  muckLosers: boolean;
  /** Opens shown cards against the deck's commitment (absent: hands are shown without openings). */
  open?: (cards: readonly Card[]) => Opening[];
}

export interface ShowdownOutcome {
  events: HoldemEvent[];
  shown: ShownHand[];
  /** Chips won per seat. */
  won: Map<number, number>;
}

/** Order of showing: the river's last aggressor first, else first player left of the button. */
export function showOrder(contenders: readonly PlayerState[], button: number, tableSize: number, aggressor: number | null): PlayerState[] {
  const start = aggressor !== null && contenders.some((p) => p.seat === aggressor) ? aggressor : null;
  if (start === null) return clockwiseAfter(contenders, button, tableSize);
  // clockwiseAfter(x) starts left of x; starting *at* the aggressor = after the seat before.
  return clockwiseAfter(contenders, (start - 1 + tableSize) % tableSize, tableSize);
}

export function showdown(input: ShowdownInput, ranker: Ranker): ShowdownOutcome {
  const { contenders, board, pots, button, tableSize } = input;
  const value = new Map(contenders.map((p) => [p.seat, ranker.value([...p.hole, ...board])]));
  // Once someone is all-in and the betting is over, every hand is tabled (TDA rule 16).
  const tableAll = !input.muckLosers || contenders.some((p) => p.status === 'all_in');
  const bestShown = new Map<number, number>(); // pot index -> best value shown so far
  const hands: Array<ShownHand | { seat: number; mucked: true }> = [];
  const shown: ShownHand[] = [];
  for (const p of showOrder(contenders, button, tableSize, input.riverAggressor)) {
    const v = value.get(p.seat)!;
    const myPots = pots.map((pot, i) => ({ pot, i })).filter(({ pot }) => pot.seats.includes(p.seat));
    // A hand must be shown if it could still win or tie some pot it contests.
    const couldWin = myPots.some(({ i }) => v >= (bestShown.get(i) ?? -Infinity));
    if (!tableAll && !couldWin) {
      hands.push({ seat: p.seat, mucked: true });
      continue;
    }
    for (const { i } of myPots) bestShown.set(i, Math.max(v, bestShown.get(i) ?? -Infinity));
    const hand: ShownHand = {
      seat: p.seat,
      cards: p.hole.map(cardToString),
      category: ranker.category(v),
      description: ranker.describe(v),
      ...(input.open ? { openings: input.open(p.hole) } : {}),
    };
    hands.push(hand);
    shown.push(hand);
  }
  const events: HoldemEvent[] = [{ type: 'showdown', hands }];
  const won = new Map<number, number>();
  pots.forEach((pot, i) => {
    const best = Math.max(...pot.seats.map((s) => value.get(s)!));
    // A mucked hand never ties the best: it was mucked only because a better one showed.
    const winners = pot.seats.filter((s) => value.get(s) === best);
    const shares = splitPot(pot.amount, winners, button, tableSize);
    for (const w of shares) won.set(w.seat, (won.get(w.seat) ?? 0) + w.amount);
    events.push({ type: 'pot_awarded', pot: i, amount: pot.amount, winners: shares });
  });
  return { events, shown, won };
}
