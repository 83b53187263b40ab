// A table as the lobby and GET /api/tables list it: the manager lists every table from
// its directory without calling them; a table answers `info` with the same shape.
import type { JsonObject } from '../../wire/index.ts';
import type { TableConfig } from './types.ts';

export function tableSummary(c: TableConfig, players: number): JsonObject {
  return { id: c.id, game: c.game, name: c.name, seats: c.seats, players, min_bet: c.minBet, max_bet: c.maxBet, shared: c.shared };
}
