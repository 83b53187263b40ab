// `pitboss sim baccarat`: every coup comes from a freshly shuffled 8-deck shoe, as in
// the engine, and carries a 20-unit bet on each of the five sides (20 so the banker's
// 19/20 is paid exactly and the figures are the game's, not the rounding's).
// Dealing uses a partial Fisher–Yates over a persistent array: the first k swaps of a
// shuffle give k cards drawn uniformly without replacement, at the cost of k draws
// instead of 416.
import type { SimOptions, SimResult, BetStats } from '../types.ts';
import { SeededRng } from '../rng/index.ts';
import { freshDeck } from '../cards.ts';
import { Tally } from '../roulette/stats.ts';
import { playCoup } from './rules.ts';
import { SIDES, returnOf } from './payouts.ts';
import { DECKS } from './engine.ts';

const STAKE = 20;

export function simulate(opts: SimOptions): SimResult {
  // fixed rules: refuse options rather than silently ignore them
  const unknown = Object.keys(opts.options ?? {});
  if (unknown.length) throw new Error(`baccarat has fixed rules (punto banco); unknown option(s): ${unknown.join(', ')}`);
  const rng = new SeededRng(opts.seed);
  const shoe = freshDeck(DECKS);
  const perSide = SIDES.map(() => new Tally());
  const all = new Tally();
  for (let r = 0; r < opts.rounds; r++) {
    let i = 0;
    const coup = playCoup(() => {
      const j = i + rng.int(shoe.length - i);
      const c = shoe[j]!;
      shoe[j] = shoe[i]!;
      shoe[i++] = c;
      return c;
    });
    let back = 0;
    for (let s = 0; s < SIDES.length; s++) {
      const ret = returnOf(SIDES[s]!, STAKE, coup);
      perSide[s]!.add(ret / STAKE);
      back += ret;
    }
    all.add(back / (STAKE * SIDES.length));
    if (opts.onProgress && (r + 1) % 65536 === 0) opts.onProgress(r + 1);
  }
  opts.onProgress?.(opts.rounds);
  const bets: Record<string, BetStats> = {};
  SIDES.forEach((s, i) => (bets[s] = perSide[i]!.stats()));
  return { game: 'baccarat', rounds: opts.rounds, ...all.stats(), bets };
}
