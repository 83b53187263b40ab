// `pitboss sim roulette`: each round spins once and places one unit on every bet type,
// the placement of each drawn at random from all its legal placements (so every split,
// street, corner... is exercised). Reported per bet type and for the 13 bets together.
import type { SimOptions, SimResult, BetStats } from '../types.ts';
import { SeededRng } from '../rng/index.ts';
import { BET_TYPES, PAYOUT, allPlacements } from './layout.ts';
import { Tally } from './stats.ts';

export function simulate(opts: SimOptions): SimResult {
  // fixed rules: refuse options rather than silently ignore them
  const unknown = Object.keys(opts.options ?? {});
  if (unknown.length) throw new Error(`roulette has fixed rules (single-zero roulette); unknown option(s): ${unknown.join(', ')}`);
  const rng = new SeededRng(opts.seed);
  const placements = BET_TYPES.map((t) => allPlacements(t).map((ns) => new Set(ns)));
  const perBet = BET_TYPES.map(() => new Tally());
  const all = new Tally();
  for (let r = 0; r < opts.rounds; r++) {
    const pocket = rng.int(37);
    let back = 0;
    for (let i = 0; i < BET_TYPES.length; i++) {
      const options = placements[i]!;
      const bet = options[rng.int(options.length)]!;
      const ret = bet.has(pocket) ? PAYOUT[BET_TYPES[i]!] + 1 : 0;
      perBet[i]!.add(ret);
      back += ret;
    }
    all.add(back / BET_TYPES.length);
    if (opts.onProgress && (r + 1) % 65536 === 0) opts.onProgress(r + 1);
  }
  opts.onProgress?.(opts.rounds);
  const bets: Record<string, BetStats> = {};
  BET_TYPES.forEach((t, i) => (bets[t] = perBet[i]!.stats()));
  return { game: 'roulette', rounds: opts.rounds, ...all.stats(), bets };
}
