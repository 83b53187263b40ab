// `lobby`: every signed-in player may join. The reply lists the first page of open tables
// (`next` pages on with the `tables` push); presence tracks who is online, keyed by player
// id with metas {name, online_at} — one meta per connected device. `find_table` matches a
// player to a table (created on demand). Changes to the listing reach members as
// `tables_changed` broadcasts on this topic (tables/lobby_feed.ts), so clients never poll.
import { z } from 'zod';
import { Channel, type ChannelSocket, type JsonObject } from '../wire/index.ts';
import { PitbossError } from '../errors.ts';
import { parseOrRefuse } from '../parse.ts';
import type { PlayerAssigns } from './socket_auth.ts';
import type { GameId } from './tables/types.ts';
import type { TablePage } from './tables/manager.ts';
import { ipKey, type Limits } from './limits/index.ts';

export interface TableDirectory {
  list(): Promise<JsonObject[]>;
  /** A bounded page of the listing (see TableManager.page): what clients are given. */
  page(opts: { after?: string | undefined; limit?: number | undefined }): TablePage | Promise<TablePage>;
  find(opts: { game: GameId; minBet?: number; shared?: boolean; owner?: string }): Promise<string>;
  games(): GameId[];
}

/** A page of tables: `limit` above the maximum is capped, `after` is the previous page's `next`. */
export const TablesQuery = z.object({ limit: z.number().int().min(1).optional(), after: z.string().min(1).max(128).optional() }).strict();

const FindTable = z
  .object({ game: z.string().max(32), min_bet: z.number().int().positive().optional(), shared: z.boolean().optional() })
  .strict();

const Empty = z.object({}).strict();

export function lobbyChannel(deps: { tables: TableDirectory; limits?: Limits; tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void } }) {
  return class LobbyChannel extends Channel<PlayerAssigns> {
    static override presence = true;

    async join(_topic: string, _payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<JsonObject> {
      const { playerId, name } = socket.assigns;
      await deps.limits?.take('join', ipKey(socket.assigns.ip));
      await socket.track(playerId, { name, online_at: Date.now() });
      deps.tracker?.track('lobby_channel', socket.pid, { player_id: playerId });
      // The first page only: a join must not cost O(tables) however many there are.
      return { ...(await deps.tables.page({})) };
    }

    override async handleIn(event: string, payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<unknown> {
      await deps.limits?.take('action', socket.assigns.playerId);
      if (event === 'tables') {
        return { ...(await deps.tables.page(parseOrRefuse(TablesQuery, payload))) };
      }
      if (event !== 'find_table') throw new PitbossError('unknown_event', `the lobby does not handle "${event}"`, { event });
      const r = { data: parseOrRefuse(FindTable, payload) };
      const game = r.data.game as GameId;
      if (!deps.tables.games().includes(game)) {
        throw new PitbossError('not_found', `no game "${r.data.game}"; games: ${deps.tables.games().join(', ')}`);
      }
      const id = await deps.tables.find({ game, owner: socket.assigns.playerId, ...(r.data.min_bet !== undefined ? { minBet: r.data.min_bet } : {}), ...(r.data.shared !== undefined ? { shared: r.data.shared } : {}) });
      return { id };
    }
  };
}
