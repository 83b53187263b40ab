// The socket's `connect`: a connection is accepted only with a valid token, taken from
// the `authToken` subprotocol (kept out of access logs) or the `token` param. What the
// token proves becomes the socket's assigns; every channel acts only as that player.
import { ConnectRefusal, type ConnectInfo, type Params } from '../wire/index.ts';
import { TokenRefused, type Tokens } from './auth/tokens.ts';
import { ipKey, type Limits } from './limits/index.ts';

export interface PlayerAssigns {
  playerId: string;
  name: string;
  roles: string[];
  ip: string | undefined;
  /** the token's `exp`, seconds since the epoch: the socket is closed then (token_expired) */
  expiresAt: number;
}

/** Distinct role lists kept for sharing (tokens carry few: ['player'], an operator's). */
const SHARED_ROLE_LISTS = 32;

export function socketConnect(tokens: Tokens, limits?: Limits) {
  // Every socket of a player holds its roles for its whole life: equal lists are one frozen
  // array, not a fresh one per connection (~170 bytes each, as a token's JSON decodes it).
  const roleLists = new Map<string, string[]>();
  const sharedRoles = (roles: string[]): string[] => {
    const key = roles.join('\0');
    let shared = roleLists.get(key);
    if (shared === undefined && roleLists.size < SHARED_ROLE_LISTS) roleLists.set(key, (shared = Object.freeze([...roles]) as string[]));
    return shared ?? roles;
  };
  return async (params: Params, info: ConnectInfo): Promise<PlayerAssigns | null | ConnectRefusal> => {
    // Counted before the token is checked, so guessing tokens costs connects too.
    if (limits) {
      const c = await limits.check('connect', ipKey(info.ip));
      if (!c.ok) return new ConnectRefusal(429, c.retryAfterMs / 1000, 'rate_limited');
    }
    const token = info.authToken ?? params['token'];
    try {
      const id = await tokens.verify(token);
      return { playerId: id.playerId, name: id.name, roles: sharedRoles(id.roles), ip: info.ip, expiresAt: id.expiresAt };
    } catch (err) {
      // Refused before the upgrade with 403; the client retries with backoff. The reason is for the log.
      return new ConnectRefusal(403, undefined, err instanceof TokenRefused ? err.problem : 'token_invalid');
    }
  };
}

/** Each socket listens on its own id topic so a forced logout can close it (1001). */
export const playerSocketId = (a: PlayerAssigns): string => `player_socket:${a.playerId}`;

/** A socket lives as long as its token; then the client must connect with a fresh one. */
export const playerSocketExpiry = (a: PlayerAssigns): number => a.expiresAt * 1000;
