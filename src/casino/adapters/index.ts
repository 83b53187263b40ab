// The games a table can host, by id. Each adapter wraps a pure engine from src/games.
import type { GameId, TableGame } from '../tables/types.ts';
import { slotsGame } from './slots.ts';
import { rouletteGame } from './roulette.ts';
import { baccaratGame } from './baccarat.ts';
import { blackjackGame } from './blackjack.ts';
import { holdemGame } from './holdem.ts';

export const tableGames: Partial<Record<GameId, TableGame<any>>> = {
  slots: slotsGame,
  roulette: rouletteGame,
  baccarat: baccaratGame,
  blackjack: blackjackGame,
  holdem: holdemGame,
};
