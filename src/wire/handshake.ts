// The pre-upgrade checks of phoenix-v2.md §1, as pure functions of the HTTP request so
// they are testable without a server: method, vsn, origin, subprotocols, params, token.
// A refusal is plain HTTP (the client sees close 1006 and retries with backoff).
import type { IncomingMessage } from 'node:http';

export const SUPPORTED_VSN = '2.0.0';
const TOKEN_PREFIX = 'base64url.bearer.phx.';

export type Params = Record<string, unknown>;

export interface ConnectInfo {
  ip: string | undefined;
  headers: IncomingMessage['headers'];
  origin: string | undefined;
  /** The token from the `authToken` subprotocol, when the client sent one. */
  authToken: string | undefined;
}

export type Handshake = { ok: true; params: Params; info: ConnectInfo } | { ok: false; status: 400 | 403; reason: string };

/** `ip` is the client's address as the endpoint determined it (behind trusted proxies, not the peer's). */
export function checkHandshake(req: IncomingMessage, url: URL, checkOrigin: readonly string[] | false, ip = req.socket.remoteAddress): Handshake {
  if (req.method !== 'GET') return { ok: false, status: 400, reason: 'method must be GET' };
  // Phoenix reads a missing vsn as 1.0.0; we serve only v2, so both are refused.
  if (url.searchParams.get('vsn') !== SUPPORTED_VSN) return { ok: false, status: 403, reason: 'unsupported vsn' };
  const origin = req.headers.origin;
  if (checkOrigin !== false && !originAllowed(origin, checkOrigin)) return { ok: false, status: 403, reason: 'origin not allowed' };
  let authToken: string | undefined;
  const offered = req.headers['sec-websocket-protocol'];
  if (offered !== undefined) {
    const protocols = offered.split(',').map((p) => p.trim());
    // Offering subprotocols without `phoenix` would leave us nothing to answer with.
    if (!protocols.includes('phoenix')) return { ok: false, status: 403, reason: 'no phoenix subprotocol' };
    const bearer = protocols.find((p) => p.startsWith(TOKEN_PREFIX));
    if (bearer !== undefined) {
      const b64 = bearer.slice(TOKEN_PREFIX.length);
      // Standard base64 without padding despite the prefix (the client uses btoa).
      if (!/^[A-Za-z0-9+/]*$/.test(b64)) return { ok: false, status: 403, reason: 'malformed auth token' };
      authToken = Buffer.from(b64, 'base64').toString('latin1');
    }
  }
  const params = parseParams(url.searchParams);
  return { ok: true, params, info: { ip, headers: req.headers, origin, authToken } };
}

/** `checkOrigin` entries are full origins (`https://play.example.com`) or `//host` (any scheme). */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return allowed.some((a) => (a.startsWith('//') ? a.slice(2) === host : a === origin));
}

const MAX_PARAMS = 64;
const MAX_DEPTH = 4;

/** Query params with Phoenix's nesting (`a[b]=1` → `{a: {b: '1'}}`), vsn removed, bounded. */
export function parseParams(sp: URLSearchParams): Params {
  const out: Params = Object.create(null);
  let n = 0;
  for (const [raw, value] of sp) {
    if (raw === 'vsn') continue;
    if (++n > MAX_PARAMS) break;
    const path = raw.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    if (path.length > MAX_DEPTH) continue;
    let node = out;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node[path[i]];
      if (typeof next === 'object' && next !== null) node = next as Params;
      else node = node[path[i]] = Object.create(null) as Params;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}
