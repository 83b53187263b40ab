// RPC between two nodes over the Redis bus (real Redis, real membership, a prefix per
// test): typed replies, refusals carried with their reason, malformed requests refused at
// the receiver, timeouts, and calls to a node that goes down rejected at once.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Membership } from '../../src/cluster/membership.ts';
import { RedisPubSub } from '../../src/cluster/redis_pubsub.ts';
import { Rpc, rpcMethod } from '../../src/cluster/rpc.ts';
import { PitbossError } from '../../src/errors.ts';
import { REDIS_URL, eventually, uniquePrefix } from './support.ts';

const ADD = rpcMethod('test.add', z.object({ x: z.number().int(), y: z.number().int() }), z.object({ sum: z.number().int() }));
const SLOW = rpcMethod('test.slow', z.object({ ms: z.number() }), z.null());
const NOTE = rpcMethod('test.note', z.object({ text: z.string() }), z.null());

interface Node {
  m: Membership;
  bus: RedisPubSub;
  rpc: Rpc;
}

describe('Rpc over the bus', () => {
  const open: Node[] = [];
  const node = async (prefix: string, id: string, errors: unknown[] = []): Promise<Node> => {
    const m = new Membership({ url: REDIS_URL, prefix, nodeId: id, ttlMs: 300 });
    const bus = await RedisPubSub.connect({ url: REDIS_URL, prefix, nodeId: id });
    const rpc = new Rpc({ bus, members: m, timeoutMs: 500, onError: (e) => errors.push(e) });
    await m.start();
    rpc.start();
    const n = { m, bus, rpc };
    open.push(n);
    return n;
  };
  const pair = async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    await eventually(() => a.m.isLive('b') && b.m.isLive('a'));
    return { a, b };
  };
  afterEach(async () => {
    for (const n of open.splice(0)) {
      n.rpc.stop();
      await n.m.stop();
      await n.bus.close();
    }
  });

  it('answers a call with the handler\'s validated value, and knows who asked', async () => {
    const { a, b } = await pair();
    const askers: string[] = [];
    b.rpc.handle(ADD, (r, from) => {
      askers.push(from);
      return { sum: r.x + r.y };
    });
    assert.deepEqual(await a.rpc.call('b', ADD, { x: 2, y: 40 }), { sum: 42 });
    assert.deepEqual(askers, ['a']);
    assert.equal(a.rpc.pending, 0);
  });

  it('carries a refusal with its reason and details; hides any other failure as internal_error', async () => {
    const { a, b } = await pair();
    b.rpc.handle(ADD, (r) => {
      if (r.x < 0) throw new PitbossError('forbidden', 'no negatives', { x: r.x });
      throw new Error('a bug');
    });
    await assert.rejects(a.rpc.call('b', ADD, { x: -1, y: 0 }), (e: PitbossError) => e.reason === 'forbidden' && e.details['x'] === -1);
    await assert.rejects(a.rpc.call('b', ADD, { x: 1, y: 0 }), (e: PitbossError) => e.reason === 'internal_error' && !e.message.includes('a bug'));
  });

  it('refuses a malformed request at the receiver, and a malformed reply at the caller', async () => {
    const { a, b } = await pair();
    b.rpc.handle(ADD, () => ({ sum: 1 }));
    await assert.rejects(a.rpc.call('b', ADD, { x: 1.5, y: 0 }), (e: PitbossError) => e.reason === 'invalid_payload');
    // b answers a method of the same name with a reply that is not what the caller's schema says.
    b.rpc.handle(rpcMethod('test.lying', z.object({}), z.unknown()), () => ({ sum: 'many' }));
    const lying = rpcMethod('test.lying', z.object({}), z.object({ sum: z.number() }));
    await assert.rejects(a.rpc.call('b', lying, {}), (e: PitbossError) => e.reason === 'internal_error' && /malformed reply/.test(e.message));
    await assert.rejects(a.rpc.call('b', rpcMethod('test.none', z.object({}), z.null()), {}), (e: PitbossError) => e.reason === 'unknown_event');
  });

  it('times out a call nobody answers in time', async () => {
    const { a, b } = await pair();
    b.rpc.handle(SLOW, async (r) => {
      await new Promise((res) => setTimeout(res, r.ms));
      return null;
    });
    const t0 = Date.now();
    await assert.rejects(a.rpc.call('b', SLOW, { ms: 1000 }, 150), (e: PitbossError) => e.reason === 'unavailable' && /did not answer/.test(e.message));
    assert.ok(Date.now() - t0 < 800);
    assert.equal(a.rpc.pending, 0);
  });

  it('rejects calls to a node that is not live, and those waiting on a node that goes down', async () => {
    const { a, b } = await pair();
    await assert.rejects(a.rpc.call('nobody', ADD, { x: 1, y: 1 }), (e: PitbossError) => e.reason === 'unavailable');
    b.rpc.handle(SLOW, () => new Promise(() => {})); // never answers
    const waiting = a.rpc.call('b', SLOW, { ms: 0 }, 60_000);
    await b.m.stop({ leave: false }); // as if killed: its lease lapses
    await assert.rejects(waiting, (e: PitbossError) => e.reason === 'unavailable' && /went down/.test(e.message));
  });

  it('delivers casts one way', async () => {
    const { a, b } = await pair();
    const got: string[] = [];
    b.rpc.handle(NOTE, (r) => {
      got.push(r.text);
      return null;
    });
    a.rpc.cast('b', NOTE, { text: 'one' });
    a.rpc.cast('b', NOTE, { text: 'two' });
    await eventually(() => got.length === 2);
    assert.deepEqual(got, ['one', 'two']);
  });
});
