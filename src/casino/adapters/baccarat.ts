// Punto banco at a table: shared (a betting window opens with the first bet; the coup is
// dealt when it closes) or single-player (each bet is dealt at once).
import * as baccarat from '../../games/baccarat/index.ts';
import { z } from 'zod';
import { bettingGame } from './betting_round.ts';
import { Amount } from '../tables/actions.ts';

export const baccaratGame = bettingGame({
  game: 'baccarat',
  rulesVersion: 'baccarat-pb-8d-1',
  newRound: () => baccarat.newRound(),
  nextRound: baccarat.nextRound,
  parseBets: baccarat.parseBets,
  betSchema: z.strictObject({ on: z.string().max(16), amount: Amount }),
  maxBets: baccarat.SIDES.length,
  step: (s, a, rng) => baccarat.step(s, a as baccarat.BaccaratAction, rng),
  resolve: 'deal',
  playerResolves: false,
  windowMs: 10_000,
  view: baccarat.view,
});
