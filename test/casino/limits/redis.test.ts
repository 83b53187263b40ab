// The shared suite against the real Redis on 127.0.0.1:6379, plus what only a shared
// store can do: two Limits ("two nodes") spend one count. Each test gets its own key
// prefix, so runs never see each other's counts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Limits, type Bucket, type RateSpec } from '../../../src/casino/limits/index.ts';
import { limitsSuite, refused } from './suite.ts';

const URL = 'redis://127.0.0.1:6379';
const clients: Redis[] = [];

/** A connected client: takes sent before 'ready' go to the in-memory insurance limiter. */
async function connect(): Promise<Redis> {
  const client = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  clients.push(client);
  await client.connect();
  return client;
}

let a: Redis;
let b: Redis;
before(async () => {
  a = await connect();
  b = await connect();
});
after(() => {
  for (const c of clients) c.disconnect();
});

const prefix = () => `pitboss-test:${randomUUID()}`;

limitsSuite('redis', (rates) => new Limits({ rates, redis: a, keyPrefix: prefix() }));

describe('Limits on Redis across nodes', () => {
  const rates: Partial<Record<Bucket, RateSpec>> = { chat: { points: 5, seconds: 10 } };

  it('shares one count between two nodes', async () => {
    const keyPrefix = prefix();
    const node1 = new Limits({ rates, redis: a, keyPrefix });
    const node2 = new Limits({ rates, redis: b, keyPrefix });
    await node1.take('chat', 'p1');
    await node2.take('chat', 'p1');
    await node1.take('chat', 'p1');
    await node2.take('chat', 'p1');
    await node1.take('chat', 'p1');
    assert.equal((await refused(node2.take('chat', 'p1'))).reason, 'rate_limited');
    assert.equal((await refused(node1.take('chat', 'p1'))).reason, 'rate_limited');
    // The count lives in Redis under the prefix, with the window as its TTL.
    assert.equal(await a.get(`${keyPrefix}:chat:p1`), '7');
    const ttl = await a.pttl(`${keyPrefix}:chat:p1`);
    assert.ok(ttl > 0 && ttl <= 10_000, `pttl ${ttl}`);
  });

  it('does not share counts between different prefixes', async () => {
    const node1 = new Limits({ rates: { chat: { points: 1, seconds: 10 } }, redis: a, keyPrefix: prefix() });
    const node2 = new Limits({ rates: { chat: { points: 1, seconds: 10 } }, redis: b, keyPrefix: prefix() });
    await node1.take('chat', 'p1');
    await node2.take('chat', 'p1');
  });

  it('falls back to counting in memory, still bounded, when Redis is unreachable', async () => {
    // Never connected, no offline queue: every command would fail; takes must not hang.
    const down = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    clients.push(down);
    const limits = new Limits({ rates: { action: { points: 3, seconds: 10 } }, redis: down, keyPrefix: prefix() });
    for (let i = 0; i < 3; i++) await limits.take('action', 'p1');
    const err = await refused(limits.take('action', 'p1'));
    assert.equal(err.reason, 'rate_limited');
    assert.ok((err.toReply().retry_after as number) >= 1);
  });
});
