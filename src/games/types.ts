// Contracts shared by every game folder, so tables, the CLI and the verifier can treat
// games alike. A game folder exports its engine plus, where it applies:
//   sim.ts  — export function simulate(opts: SimOptions): SimResult, listed in
//             sim_registry.ts                                       (used by `pitboss sim`)
//   fair.ts — export function fairOutcome(rng: Rng, opts?: Record<string, unknown>): unknown
//             the outcome a provably-fair seed triple determines, listed in
//             fair_registry.ts                                      (used by `pitboss verify`)
import type { Rng } from './rng/types.ts';

/** An engine's rejection: the state is unchanged and `reason` is a stable snake_case code. */
export interface RuleError {
  ok: false;
  reason: string;
  message: string;
}

export interface Step<S, E> {
  ok: true;
  state: S;
  events: E[];
}

export type StepResult<S, E> = Step<S, E> | RuleError;

export const ruleError = (reason: string, message: string): RuleError => ({ ok: false, reason, message });

export interface SimOptions {
  rounds: number;
  seed: string;
  /** game-specific: blackjack rules overrides, the slot machine definition, ... */
  options?: Record<string, unknown>;
  /** called now and then with the number of rounds done, for progress bars */
  onProgress?: (done: number) => void;
}

export interface BetStats {
  rtp: number;
  house_edge: number;
  ci95: [number, number];
}

export interface SimResult extends BetStats {
  game: string;
  rounds: number;
  bets: Record<string, BetStats>;
}

export type { Rng };
