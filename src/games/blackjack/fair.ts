// What a provably-fair seed triple determines for blackjack: the shuffled shoe, of which
// the first cards are shown (by default the 20 a full table can need at most before the
// players act: 7 seats × 2, the dealer's 2, and a few draws). The engine shuffles a new
// shoe with exactly this call, so a verifier can compare the dealt cards to this prefix.
import type { Rng } from '../types.ts';
import { cardToString } from '../cards.ts';
import { DEFAULT_RULES, parseRules } from './rules.ts';
import { shuffledShoe } from './shoe.ts';

export function fairOutcome(rng: Rng, opts: Record<string, unknown> = {}): { decks: number; cards: string[] } {
  const { count, ...ruleOverrides } = opts;
  const rules = parseRules(ruleOverrides);
  if (typeof rules === 'string') throw new Error(`bad blackjack rules: ${rules}`);
  const decks = rules.decks === 0 ? DEFAULT_RULES.decks : rules.decks;
  const shoe = shuffledShoe({ ...rules, decks }, rng);
  const n = typeof count === 'number' && Number.isInteger(count) && count > 0 ? Math.min(count, shoe.cards.length) : 20;
  return { decks, cards: shoe.cards.slice(0, n).map(cardToString) };
}
