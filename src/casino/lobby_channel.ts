// `lobby`: every signed-in player may join. The reply lists the open tables; presence
// tracks who is online, keyed by player id with metas {name, online_at} — one meta per
// connected device.
import { Channel, type ChannelSocket, type JsonObject } from '../wire/index.ts';
import type { PlayerAssigns } from './socket_auth.ts';

export interface TableLister {
  list(): Promise<JsonObject[]> | JsonObject[];
}

export function lobbyChannel(deps: { tables: TableLister; tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void } }) {
  return class LobbyChannel extends Channel<PlayerAssigns> {
    static override presence = true;

    async join(_topic: string, _payload: JsonObject, socket: ChannelSocket<PlayerAssigns>): Promise<JsonObject> {
      const { playerId, name } = socket.assigns;
      await socket.track(playerId, { name, online_at: Date.now() });
      deps.tracker?.track('lobby_channel', socket.pid, { player_id: playerId });
      return { tables: await deps.tables.list() };
    }
  };
}
