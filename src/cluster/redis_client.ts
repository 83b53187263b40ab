// Every Redis connection of a node is made here, so TLS and credentials are set in one
// place. The URL carries the scheme (redis:// or rediss://) and an ACL user and password
// (rediss://user:pass@host:6380); the files carry what a URL cannot: the CA that signed
// the server's certificate, and a client certificate where Redis asks for one
// (tls-auth-clients). docs/cluster.md, "Encrypted links".
import { Redis, type RedisOptions } from 'ioredis';

/** PEM contents (config.ts reads the files at start, so a bad path fails the start, not a reconnect). */
export interface RedisTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export function redisClient(url: string, tls: RedisTls | undefined, opts: RedisOptions = {}): Redis {
  // rediss:// alone: TLS against the system's CAs (ioredis); files given: against ours.
  return new Redis(url, tls === undefined ? opts : { ...opts, tls: { ...tls } });
}
