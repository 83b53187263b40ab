// What an administrator may change at runtime, per game, and the rules a change must keep
// (docs/operations.md, "Configuration"). Every value from the network is parsed here with
// a strict schema — integers of minor units, known fields only — and then checked against
// the game's own rules on the whole result: min ≤ max, a per-spot limit between them, a
// slot machine's minimum a whole number of its paylines. A paytable is chosen by id among
// the machines shipped in the code (src/games/slots/machines): never a table from the network.
import { z } from 'zod';
import { shippedMachine, shippedMachineIds, DEFAULT_MACHINE_ID } from '../../games/slots/index.ts';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import { defaultLimits } from '../tables/manager.ts';
import type { GameId } from '../tables/types.ts';

/** The largest limit a table may have (10^12 minor units): far above any stake, well inside a safe integer. */
export const MAX_LIMIT = 1_000_000_000_000;
/** A jackpot takes at most 10 % of each eligible stake. */
export const MAX_CONTRIBUTION_BPS = 1000;

/** The games whose tables take runtime settings. Hold'em's limits are its blinds and buy-ins: not among them. */
export const CONFIGURABLE_GAMES = ['slots', 'roulette', 'baccarat', 'blackjack'] as const satisfies readonly GameId[];
export type ConfigurableGame = (typeof CONFIGURABLE_GAMES)[number];
export const isConfigurable = (g: string): g is ConfigurableGame => (CONFIGURABLE_GAMES as readonly string[]).includes(g);

/** A game's settings as stored and shown (snake_case, as on the wire). */
export interface GameSettings {
  min_bet: number;
  max_bet: number;
  /** roulette, baccarat: the most on one spot (one bet of a `bet` action); null: only max_bet bounds it */
  max_per_bet?: number | null;
  /** slots: the shipped machine (paytable) by id */
  machine?: string;
}

const Limit = z.number().int('must be an integer of minor units').positive('must be positive').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`);
const base = { min_bet: Limit.optional(), max_bet: Limit.optional() };
const machineIds = shippedMachineIds() as [string, ...string[]];
const PATCHES: Record<ConfigurableGame, z.ZodType<Partial<GameSettings>>> = {
  slots: z.strictObject({ ...base, machine: z.enum(machineIds, { error: `must be a shipped machine: ${machineIds.join(', ')}` }).optional() }),
  roulette: z.strictObject({ ...base, max_per_bet: Limit.nullable().optional() }),
  baccarat: z.strictObject({ ...base, max_per_bet: Limit.nullable().optional() }),
  blackjack: z.strictObject(base),
};

export const JackpotPatch = z.strictObject({
  contribution_bps: z.number().int('must be an integer of basis points').min(0, 'must not be negative').max(MAX_CONTRIBUTION_BPS, `must be at most ${MAX_CONTRIBUTION_BPS} (10 %)`),
});

/** What a game's tables run with until an administrator changes it. */
export function builtIn(game: ConfigurableGame): GameSettings {
  const l = defaultLimits(game);
  const s: GameSettings = { min_bet: l.minBet, max_bet: l.maxBet };
  if (game === 'slots') s.machine = DEFAULT_MACHINE_ID;
  if (game === 'roulette' || game === 'baccarat') s.max_per_bet = null;
  return s;
}

/**
 * The settings `patch` (a request body) makes of `current`, or a PitbossError
 * `invalid_payload` naming the field and the rule: the body is parsed strictly, then the
 * whole result is checked, so a change can never leave a game with limits it cannot play.
 */
export function applyPatch(game: ConfigurableGame, current: GameSettings, body: unknown): GameSettings {
  const patch = parseOrRefuse(PATCHES[game], body);
  if (Object.keys(patch).length === 0) throw new PitbossError('invalid_payload', 'name at least one setting to change');
  const next: GameSettings = { ...current, ...patch };
  const bad = (msg: string) => new PitbossError('invalid_payload', msg);
  if (next.min_bet > next.max_bet) throw bad(`min_bet ${next.min_bet} is above max_bet ${next.max_bet}`);
  if (next.max_per_bet != null && (next.max_per_bet < next.min_bet || next.max_per_bet > next.max_bet)) {
    throw bad(`max_per_bet ${next.max_per_bet} must lie between min_bet ${next.min_bet} and max_bet ${next.max_bet}`);
  }
  if (game === 'slots') {
    const lines = shippedMachine(next.machine!)!.paylines.length;
    // A spin stakes the same on every payline: a minimum that is not a multiple could not be bet.
    if (next.min_bet % lines !== 0) throw bad(`min_bet ${next.min_bet} is not a multiple of machine ${next.machine}'s ${lines} paylines`);
  }
  return next;
}

/** The part of a table's config that settings set (tables/room.ts applies it between rounds). */
export function tableSettings(game: ConfigurableGame, s: GameSettings): { minBet: number; maxBet: number; options: Record<string, unknown> } {
  const options: Record<string, unknown> = {};
  if (game === 'slots') options['machine'] = s.machine;
  if (game === 'roulette' || game === 'baccarat') options['max_per_bet'] = s.max_per_bet ?? null;
  return { minBet: s.min_bet, maxBet: s.max_bet, options };
}
