// The coup a provably-fair seed triple determines: the engine's own deal, i.e. the
// first cards of the 8-deck shoe shuffled (Fisher–Yates) by the fair stream.
import type { Rng } from '../types.ts';
import { cardToString } from '../cards.ts';
import { dealCoup, outcomeOf } from './engine.ts';

export function fairOutcome(rng: Rng): ReturnType<typeof outcomeOf> & { cards: { player: string[]; banker: string[] } } {
  const coup = dealCoup(rng);
  return { ...outcomeOf(coup), cards: { player: coup.player.map(cardToString), banker: coup.banker.map(cardToString) } };
}
