// Exact dealer outcome probabilities for an infinite deck, by recursion over every card
// sequence the dealer can draw (ten-valued cards weigh 4/13, every other rank 1/13).
// It drives the engine's own `dealerHits`, so the published bust rates check the
// engine's dealer rule, not a copy of it.
import type { Card } from '../cards.ts';
import { makeCard } from '../cards.ts';
import type { BlackjackRules } from './rules.ts';
import { dealerHits } from './dealer.ts';
import { isNatural, totalOf } from './hand.ts';

export type DealerOutcome = 17 | 18 | 19 | 20 | 21 | 'blackjack' | 'bust';

// one representative card per point value: two..nine, ten (for T J Q K), ace
const DRAWS: [Card, number][] = [0, 1, 2, 3, 4, 5, 6, 7].map((r): [Card, number] => [makeCard(r, 0), 1 / 13]);
DRAWS.push([makeCard(8, 0), 4 / 13], [makeCard(12, 0), 1 / 13]);

/** Final dealer outcome distribution from `start` (empty: before any card; [up]: given the up card). */
export function dealerOutcomes(rules: BlackjackRules, start: readonly Card[] = [], noBlackjack = false): Record<DealerOutcome, number> {
  const out: Record<DealerOutcome, number> = { 17: 0, 18: 0, 19: 0, 20: 0, 21: 0, blackjack: 0, bust: 0 };
  const walk = (cards: Card[], p: number): void => {
    if (cards.length >= 2 && !dealerHits(cards, rules)) {
      const t = totalOf(cards);
      out[isNatural(cards) ? 'blackjack' : t > 21 ? 'bust' : (t as 17 | 18 | 19 | 20 | 21)] += p;
      return;
    }
    for (const [c, w] of DRAWS) {
      cards.push(c);
      walk(cards, p * w);
      cards.pop();
    }
  };
  walk([...start], 1);
  if (noBlackjack) {
    // the peek saw no blackjack: condition on it
    const keep = 1 - out.blackjack;
    for (const k of Object.keys(out) as DealerOutcome[]) out[k] = k === 'blackjack' ? 0 : out[k] / keep;
  }
  return out;
}
