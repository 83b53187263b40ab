// Cluster test support: the local Redis, a polling `eventually`, and a TCP proxy in front
// of Redis that a test can freeze — Redis "unreachable" for one client, without pausing
// the server that other tests on this machine share.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

export const REDIS_URL = 'redis://127.0.0.1:6379';

const PG = 'postgres://postgres@127.0.0.1:5432';

/** A PostgreSQL database of its own for one test file (the nodes of a cluster share it), dropped after. */
export async function withDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pb_cluster_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: `${PG}/postgres` });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  return { url: `${PG}/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A key prefix no other run shares. */
export const uniquePrefix = (): string => `pitboss-test:${randomUUID()}:`;

export async function eventually(pred: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface FreezableProxy {
  url: string;
  /** Stops passing bytes either way (connections stay open, as with a network partition). */
  freeze(): void;
  thaw(): void;
  /** Drops every connection made so far (the clients reconnect; what was in flight is lost). */
  cut(): void;
  close(): Promise<void>;
}

export async function redisProxy(): Promise<FreezableProxy> {
  const pairs: Array<[Socket, Socket]> = [];
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(6379, '127.0.0.1');
    pairs.push([client, upstream]);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) {
      client.pause();
      upstream.pause();
    }
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    freeze() {
      frozen = true;
      for (const [c, u] of pairs) {
        c.unpipe(u);
        u.unpipe(c);
        c.pause();
        u.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const [c, u] of pairs) {
        if (c.destroyed || u.destroyed) continue;
        c.pipe(u);
        u.pipe(c);
        c.resume();
        u.resume();
      }
    },
    cut() {
      for (const [c, u] of pairs.splice(0)) {
        c.destroy();
        u.destroy();
      }
    },
    async close() {
      for (const [c, u] of pairs) {
        c.destroy();
        u.destroy();
      }
      await new Promise((r) => server.close(r));
    },
  };
}
