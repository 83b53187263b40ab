// Test helpers: a table whose shoe is stacked with chosen cards, and a driver that plays
// an action list and collects what happened.
import { parseCard, type Card } from '../../../src/games/cards.ts';
import { DEFAULT_RULES, type BlackjackRules } from '../../../src/games/blackjack/rules.ts';
import { newTable, type BlackjackAction, type BlackjackEvent, type BlackjackState } from '../../../src/games/blackjack/state.ts';
import { step } from '../../../src/games/blackjack/engine.ts';
import type { Rng } from '../../../src/games/rng/index.ts';
import { SeededRng } from '../../../src/games/rng/index.ts';

export const cards = (s: string): Card[] => s.split(' ').map(parseCard);

/** A betting state whose shoe deals `order` (space-separated, e.g. "As Kd 9c") from the top. */
export function stacked(order: string, rules: Partial<BlackjackRules> = {}): BlackjackState {
  const r = { ...DEFAULT_RULES, ...rules };
  return { ...newTable(r), shoe: { cards: cards(order), next: 0, cut: 10_000 } };
}

export function play(state: BlackjackState, actions: BlackjackAction[], rng: Rng = new SeededRng('t')): { state: BlackjackState; events: BlackjackEvent[] } {
  const events: BlackjackEvent[] = [];
  for (const a of actions) {
    const r = step(state, a, rng);
    if (!r.ok) throw new Error(`${JSON.stringify(a)} rejected: ${r.reason} ${r.message}`);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}

export const results = (s: BlackjackState) => (s.type === 'settled' ? s.results.map((r) => [r.seat, r.staked, r.won]) : s.type);
