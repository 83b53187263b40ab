// Every game's simulator, by name: what `pitboss sim` runs. Listed here, not discovered on
// disk (like fair_registry.ts), so the command runs exactly the simulators the project
// ships; each is loaded when asked for, because a simulator pulls in its whole engine.
import type { SimOptions, SimResult } from './types.ts';

export type Simulate = (opts: SimOptions) => SimResult;

export const simulators: Readonly<Record<string, () => Promise<Simulate>>> = Object.freeze({
  baccarat: async () => (await import('./baccarat/sim.ts')).simulate,
  blackjack: async () => (await import('./blackjack/sim.ts')).simulate,
  roulette: async () => (await import('./roulette/sim.ts')).simulate,
  slots: async () => (await import('./slots/sim.ts')).simulate,
});

/** The simulator of a game, loaded; undefined for a game without one. */
export async function simulatorOf(game: string): Promise<Simulate | undefined> {
  return Object.hasOwn(simulators, game) ? simulators[game]!() : undefined;
}
