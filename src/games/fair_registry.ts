// Every game's provably-fair outcome, by name: what `pitboss verify` recomputes from a
// round's seeds. Listed here, not discovered on disk, so the verifier runs exactly the
// code the tables deal with and a stray fair.ts is never picked up.
import type { Rng } from './rng/types.ts';
import { fairOutcome as slots } from './slots/fair.ts';
import { fairOutcome as roulette } from './roulette/fair.ts';
import { fairOutcome as baccarat } from './baccarat/fair.ts';
import { fairOutcome as blackjack } from './blackjack/fair.ts';
import { fairOutcome as holdem } from './holdem/fair.ts';

export type FairOutcome = (rng: Rng, opts?: Record<string, unknown>) => unknown;

export const fairOutcomes: Readonly<Record<string, FairOutcome>> = Object.freeze({ slots, roulette, baccarat, blackjack, holdem });

/** Other names a game answers to (`--game poker` predates the hold'em table). */
export const fairAliases: Readonly<Record<string, string>> = Object.freeze({ poker: 'holdem' });

/** The outcome function of a game or alias, or undefined. */
export function fairOutcomeOf(game: string): FairOutcome | undefined {
  const name = Object.hasOwn(fairAliases, game) ? fairAliases[game]! : game;
  return Object.hasOwn(fairOutcomes, name) ? fairOutcomes[name] : undefined;
}
