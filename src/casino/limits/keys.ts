// The key of a per-IP bucket. An IPv6 host is given a whole /64 and can pick a fresh
// address for every request, so per-address counting would not limit it: IPv6 is keyed
// by its /64. IPv4-mapped IPv6 ("::ffff:1.2.3.4", what a dual-stack listener reports)
// is the IPv4 address it carries, so one client does not get two buckets.
import { isIPv4, isIPv6 } from 'node:net';

/** A socket whose address is gone (already closed) shares one bucket rather than none. */
export const UNKNOWN_IP = 'unknown';

export function ipKey(ip: string | undefined): string {
  if (!ip) return UNKNOWN_IP;
  const bare = ip.replace(/%.*$/, ''); // a zone id ("fe80::1%eth0") names our interface, not the client
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return UNKNOWN_IP;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return `${expand(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, without leading zeros, "::" filled in. */
function expand(ip: string): string[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text); // an embedded IPv4 tail is the last two hextets
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((h) => (h.replace(/^0+/, '') || '0'));
}
