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

/**
 * The name each connection gives itself (`CLIENT SETNAME`, sent again on every reconnect):
 * `<prefix><node>:<role>`, so an operator — or `pitboss chaos`, dropping one node's
 * connections — finds a node's connections in `CLIENT LIST` by cluster and node. Redis
 * refuses names with spaces or control characters: those become `_`.
 */
export function connectionName(prefix: string, nodeId: string, role: string): string {
  return `${prefix}${nodeId}:${role}`.replace(/[^\x21-\x7e]/g, '_');
}
