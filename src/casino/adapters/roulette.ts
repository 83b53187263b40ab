// European roulette at a table: single-player (bet, then `spin`) or shared (a betting
// window opens with the first bet; the wheel spins when it closes).
import * as roulette from '../../games/roulette/index.ts';
import { z } from 'zod';
import { bettingGame } from './betting_round.ts';
import { Amount } from '../tables/actions.ts';

export const rouletteGame = bettingGame({
  game: 'roulette',
  rulesVersion: 'roulette-eu-1',
  newRound: () => roulette.newRound(),
  nextRound: roulette.nextRound,
  parseBets: roulette.parseBets,
  betSchema: z.strictObject({ type: z.string().max(16), amount: Amount, numbers: z.array(z.number()).max(6).optional() }),
  maxBets: roulette.MAX_BETS_PER_ACTION,
  step: (s, a, rng) => roulette.step(s, a as roulette.RouletteAction, rng),
  resolve: 'spin',
  playerResolves: true,
  windowMs: 15_000,
  view: roulette.view,
});
