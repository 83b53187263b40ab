// The terminal socket's `connect` (its own endpoint, /terminal/websocket): a cabinet
// proves itself with its id and secret, sent as the `authToken` subprotocol
// "<id>:<secret>" — never in the URL, so no access log keeps it. The secret is checked
// against its scrypt hash at each connect; no token is issued, so a cabinet that was
// offline for a day reconnects with what it already holds, and a disabled terminal is
// refused at its next connect. Player tokens mean nothing here: this endpoint has no
// other way in and serves no other channel.
import { ConnectRefusal, type ConnectInfo, type Params } from '../../wire/index.ts';
import { ipKey, type Limits } from '../limits/index.ts';
import type { TerminalDirectory } from './directory.ts';

export interface TerminalAssigns {
  terminalId: string;
  currency: string;
  ip: string | undefined;
}

export function terminalConnect(directory: TerminalDirectory, limits?: Limits) {
  return async (_params: Params, info: ConnectInfo): Promise<TerminalAssigns | ConnectRefusal> => {
    // Counted before the secret is checked, so guessing secrets costs connects (and the scrypt is paid only within the limit).
    if (limits) {
      const c = await limits.check('connect', ipKey(info.ip));
      if (!c.ok) return new ConnectRefusal(429, c.retryAfterMs / 1000, 'rate_limited');
    }
    const credential = info.authToken ?? '';
    const cut = credential.indexOf(':');
    if (cut <= 0 || credential.length > 512) return new ConnectRefusal(403, undefined, 'terminal_credential_missing');
    const auth = await directory.authenticate(credential.slice(0, cut), credential.slice(cut + 1));
    // The log learns why; the cabinet sees only 403 (unknown id and wrong secret look alike).
    if (!auth.ok) return new ConnectRefusal(403, undefined, auth.problem);
    return { terminalId: auth.terminal.id, currency: auth.terminal.currency, ip: info.ip };
  };
}

/** Each terminal socket listens on its own id topic, so a `disconnect` there closes it. */
export const terminalSocketId = (a: TerminalAssigns): string => `terminal_socket:${a.terminalId}`;
