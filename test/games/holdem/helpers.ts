// Test harness: start hands through the real entry points with a chosen deck, and drive
// them with terse action lists.
import assert from 'node:assert/strict';
import { freshDeck, parseCard } from '../../../src/games/cards.ts';
import type { Rng } from '../../../src/games/rng/types.ts';
import { act, newHand, type HandConfig, type HoldemAction, type HoldemEvent, type HoldemState } from '../../../src/games/holdem/index.ts';

/**
 * An Rng that makes the engine's Fisher–Yates shuffle produce exactly `deck`: for each
 * position from the top down it answers the index that brings the wanted card there.
 * Draws after the shuffle (the commitment's salts) get 0.
 */
export function riggedRng(deck: readonly number[]): Rng {
  const a = freshDeck();
  const answers: number[] = [];
  for (let i = a.length - 1; i > 0; i--) {
    const j = a.indexOf(deck[i]!);
    assert.ok(j >= 0 && j <= i, 'rigged deck must be a permutation');
    answers.push(j);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  let k = 0;
  return { int: (n) => { if (k >= answers.length) return 0; const j = answers[k++]!; assert.ok(j < n); return j; } };
}

/**
 * A deck dealing `holes` (in deal order: clockwise from the seat left of the button) and
 * then `board` (5 cards, burns in between), the rest in any order.
 */
export function deckFor(holes: string[][], board: string[]): number[] {
  const n = holes.length;
  const top: Array<number | null> = new Array(2 * n + 8).fill(null);
  holes.forEach((h, i) => { top[i] = parseCard(h[0]!); top[i + n] = parseCard(h[1]!); });
  [1, 2, 3, 5, 7].forEach((off, i) => { top[2 * n + off] = parseCard(board[i]!); });
  const used = new Set(top.filter((c): c is number => c !== null));
  const rest = freshDeck().filter((c) => !used.has(c));
  const deck = top.map((c) => c ?? rest.shift()!);
  return [...deck, ...rest];
}

export function seats(stacks: Array<number | null>): HandConfig['seats'] {
  return stacks.map((stack, seat) => (stack === null ? null : { seat, playerId: `p${seat}`, stack }));
}

export function start(config: HandConfig, rng: Rng): { state: HoldemState; events: HoldemEvent[] } {
  const r = newHand(config, rng);
  if (!r.ok) assert.fail(`newHand rejected: ${r.reason} ${r.message}`);
  return { state: r.state, events: r.events };
}

/** Play actions given as "seat:type[:amount]", failing on any rejection. */
export function play(state: HoldemState, ...moves: string[]): { state: HoldemState; events: HoldemEvent[] } {
  const events: HoldemEvent[] = [];
  for (const m of moves) {
    const [seat, type, amount] = m.split(':');
    const a = { seat: Number(seat), type, ...(amount ? { amount: Number(amount) } : {}) } as HoldemAction;
    const r = act(state, a);
    if (!r.ok) assert.fail(`${m} rejected: ${r.reason} ${r.message}`);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}

export function toAct(s: HoldemState): number | null {
  return s.type === 'complete' ? null : s.betting.toAct;
}

export function results(s: HoldemState): Record<number, { staked: number; won: number; stack: number }> {
  assert.equal(s.type, 'complete');
  if (s.type !== 'complete') throw new Error('unreachable');
  return Object.fromEntries(s.result.results.map((r) => [r.seat, { staked: r.staked, won: r.won, stack: r.stack }]));
}

export const chipsInPlay = (s: HoldemState): number => s.players.reduce((t, p) => t + p.stack + (s.type === 'complete' ? 0 : p.total), 0);
