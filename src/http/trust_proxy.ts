// Which peer addresses may speak for the client through X-Forwarded-For. Behind a load
// balancer every connection comes from the balancer; without this, the whole site would
// be one rate-limit bucket. Trusting too much is worse: anyone could name any address.
// One trust function serves fastify (req.ip) and the WebSocket upgrade, with the semantics
// of @fastify/proxy-addr (fastify's own dependency) in both: walk X-Forwarded-For from the
// nearest hop, stop at the first address not trusted, and that is the client.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config/trust_proxy.ts';

export type { TrustProxy } from '../config/trust_proxy.ts';

export type TrustFn = (addr: string, hop: number) => boolean;

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
