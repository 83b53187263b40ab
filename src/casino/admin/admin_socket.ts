// The admin socket's `connect` (its own endpoint, /admin/socket/websocket): the staff
// session token rides in the `authToken` subprotocol, as a player's does on theirs. A
// socket without a valid staff token is still accepted — for a short while and able to
// join nothing — so that the join can say precisely why it is refused (no token, a
// player's token, an expired session), which a refused upgrade (a bare 403) cannot.
import { ConnectRefusal, type ConnectInfo, type Params } from '../../wire/index.ts';
import { TokenRefused, type Tokens } from '../auth/tokens.ts';
import { ipKey, type Limits } from '../limits/index.ts';
import type { StaffAuth, StaffIdentity } from '../staff/auth.ts';

export interface AdminRefusal {
  reason: 'unauthorized' | 'forbidden';
  message: string;
  problem: string;
}

export interface AdminAssigns {
  ip: string | undefined;
  /** the staff member, or null with `refusal` saying why not */
  staff: StaffIdentity | null;
  /** kept to check the account again while the channel lives */
  token: string | null;
  refusal: AdminRefusal | null;
  /** a socket signed in as nobody is closed this soon (epoch ms) */
  expiresAt: number;
}

/** How long a socket with no staff session stays open: long enough to be told why. */
export const UNSIGNED_SOCKET_MS = 30_000;

export function adminConnect(deps: { auth: StaffAuth; tokens: Tokens; limits?: Limits; now?: () => number }) {
  const now = deps.now ?? Date.now;
  return async (_params: Params, info: ConnectInfo): Promise<AdminAssigns | ConnectRefusal> => {
    if (deps.limits) {
      const c = await deps.limits.check('connect', ipKey(info.ip));
      if (!c.ok) return new ConnectRefusal(429, c.retryAfterMs / 1000, 'rate_limited');
    }
    const token = info.authToken;
    const refused = (r: AdminRefusal): AdminAssigns => ({ ip: info.ip, staff: null, token: null, refusal: r, expiresAt: now() + UNSIGNED_SOCKET_MS });
    if (typeof token !== 'string' || token === '') {
      return refused({ reason: 'unauthorized', problem: 'token_missing', message: 'the admin channel needs a staff session: sign in (POST /api/admin/session) and connect with its token' });
    }
    try {
      const staff = await deps.auth.verify(token);
      return { ip: info.ip, staff, token, refusal: null, expiresAt: staff.expiresAt * 1000 };
    } catch (err) {
      if (!(err instanceof TokenRefused)) throw err;
      // A player's token is a valid token of the wrong kind: say so, rather than "invalid".
      const player = await deps.tokens.verify(token).then(() => true, () => false);
      if (player) return refused({ reason: 'forbidden', problem: 'player_token', message: 'a player token does not open the admin channel: sign in as staff' });
      return refused({ reason: 'unauthorized', problem: err.problem, message: err.message });
    }
  };
}

/** Every socket of one staff member listens on this topic: disabling the account closes them. */
export const adminSocketId = (a: AdminAssigns): string | null => (a.staff ? `staff_socket:${a.staff.name}` : null);
export const adminSocketExpiry = (a: AdminAssigns): number => a.expiresAt;
