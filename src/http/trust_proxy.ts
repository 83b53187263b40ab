// Which peer addresses may speak for the client through X-Forwarded-For. Behind a load
// balancer every connection comes from the balancer; without this, the whole site would
// be one rate-limit bucket. Trusting too much is worse: anyone could name any address.
// One trust function serves fastify (req.ip) and the WebSocket upgrade, with the semantics
// of @fastify/proxy-addr (fastify's own dependency) in both: walk X-Forwarded-For from the
// nearest hop, stop at the first address not trusted, and that is the client.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** false: trust nothing (the socket peer is the client); n: the n nearest hops; a list: those addresses/CIDRs. */
export type TrustProxy = false | number | string[];

export type TrustFn = (addr: string, hop: number) => boolean;

const MAX_HOPS = 16;

/** Parses PITBOSS_TRUST_PROXY: "2", or "10.0.0.0/8,127.0.0.1,loopback". Throws RangeError. */
export function parseTrustProxy(text: string): TrustProxy {
  const s = text.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n > MAX_HOPS) throw new RangeError(`a hop count must be at most ${MAX_HOPS}`);
    return n === 0 ? false : n;
  }
  const list = s.split(',').map((a) => a.trim()).filter(Boolean);
  if (list.length === 0) throw new RangeError('expected a hop count or a comma-separated list of addresses and CIDRs');
  try {
    proxyAddr.compile(list); // throws on anything that is not an address, a CIDR or a named range
  } catch (err) {
    throw new RangeError(`${(err as Error).message} (expected a hop count or addresses/CIDRs, e.g. 1 or 10.0.0.0/8,127.0.0.1)`);
  }
  return list;
}

export function trustFunction(trust: TrustProxy): TrustFn | false {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/** The client address of a request (also an upgrade request) under `trust`. */
export function clientAddress(trust: TrustFn | false): (req: IncomingMessage) => string | undefined {
  if (trust === false) return (req) => req.socket.remoteAddress;
  return (req) => (req.socket.remoteAddress === undefined ? undefined : proxyAddr(req, trust));
}
