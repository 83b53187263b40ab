// PITBOSS_TRUST_PROXY, as config reads it: which peer addresses may speak for the client
// through X-Forwarded-For (src/http/trust_proxy.ts builds the trust function from it).
// Validated with @fastify/proxy-addr, the library that later applies it, so what passes
// here is what the edge can use.
import proxyAddr from '@fastify/proxy-addr';

/** false: trust nothing (the socket peer is the client); n: the n nearest hops; a list: those addresses/CIDRs. */
export type TrustProxy = false | number | string[];

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
