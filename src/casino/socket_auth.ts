// The socket's `connect`: a connection is accepted only with a valid token, taken from
// the `authToken` subprotocol (kept out of access logs) or the `token` param. What the
// token proves becomes the socket's assigns; every channel acts only as that player.
import type { ConnectInfo, Params } from '../wire/index.ts';
import type { Tokens } from './auth/tokens.ts';

export interface PlayerAssigns {
  playerId: string;
  name: string;
  roles: string[];
  ip: string | undefined;
}

export function socketConnect(tokens: Tokens) {
  return async (params: Params, info: ConnectInfo): Promise<PlayerAssigns | null> => {
    const token = info.authToken ?? params['token'];
    try {
      const id = await tokens.verify(token);
      return { playerId: id.playerId, name: id.name, roles: id.roles, ip: info.ip };
    } catch {
      return null; // refused before the upgrade with 403; the client retries with backoff
    }
  };
}

/** Each socket listens on its own id topic so a forced logout can close it (1001). */
export const playerSocketId = (a: PlayerAssigns): string => `player_socket:${a.playerId}`;
