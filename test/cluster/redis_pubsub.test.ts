// RedisPubSub runs the shared PubSub suite as a distributed adapter: each makeAdapter is a
// new node (its own connections and id) on one bus under a prefix no other run shares.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { RedisPubSub } from '../../src/cluster/redis_pubsub.ts';
import { encodeFrame, readBody, readRoute, FrameError } from '../../src/cluster/frame.ts';
import { runPubSubConformance } from '../wire/pubsub_conformance.ts';
import { REDIS_URL, eventually, uniquePrefix } from './support.ts';

const prefix = uniquePrefix();
const node = () => RedisPubSub.connect({ url: REDIS_URL, prefix, nodeId: `n-${randomBytes(4).toString('hex')}` });

runPubSubConformance('RedisPubSub', node, { distributed: true });

describe('RedisPubSub across nodes', () => {
  const open: RedisPubSub[] = [];
  after(() => Promise.all(open.map((p) => p.close())));
  const make = async () => {
    const p = await node();
    open.push(p);
    return p;
  };

  it('hands one message object to every subscriber of a receiving node', async () => {
    const [a, b] = [await make(), await make()];
    const got: unknown[] = [];
    for (let i = 0; i < 3; i++) b.subscribe('x:same', (m) => got.push(m));
    await a.broadcast('x:same', 'ev', { n: 1 });
    await eventually(() => got.length === 3);
    assert.equal(got[1], got[0]);
    assert.equal(got[2], got[0]);
  });

  it('qualifies a remote sender id by its node, so it never matches a local sender id', async () => {
    const [a, b] = [await make(), await make()];
    const froms: unknown[] = [];
    b.subscribe('x:from', (m) => froms.push(m.from));
    await a.broadcast('x:from', 'ev', {}, '1:3');
    await a.broadcast('x:from', 'ev', {});
    await eventually(() => froms.length === 2);
    assert.deepEqual(froms, [`${a.nodeId}/1:3`, null]);
  });

  it('delivers localBroadcast to this node only', async () => {
    const [a, b] = [await make(), await make()];
    const got: string[] = [];
    a.subscribe('x:loc', (m) => got.push(`a:${m.event}`));
    b.subscribe('x:loc', (m) => got.push(`b:${m.event}`));
    a.localBroadcast('x:loc', 'only_a', {});
    await a.broadcast('x:loc', 'both', {});
    await eventually(() => got.includes('b:both'));
    assert.deepEqual(got.sort(), ['a:both', 'a:only_a', 'b:both']);
  });
});

describe('bus frames', () => {
  it('round-trip JSON and binary payloads, with the route read first', () => {
    const j = encodeFrame('n1', 'table:é', 'ev', null, { a: [1, 'ü'] });
    const r = readRoute(j);
    assert.deepEqual([r.node, r.topic], ['n1', 'table:é']);
    assert.deepEqual(readBody(j, r.offset), { event: 'ev', from: null, payload: { a: [1, 'ü'] } });
    const b = encodeFrame('n1', 't', 'bin', 'x', new Uint8Array([0, 255]).buffer);
    const rb = readRoute(b);
    const body = readBody(b, rb.offset);
    assert.equal(body.from, 'x');
    assert.deepEqual([...(body.payload as Uint8Array)], [0, 255]);
  });

  it('refuses truncated or foreign bytes', () => {
    const f = encodeFrame('node', 'topic', 'ev', null, { a: 1 });
    for (let cut = 0; cut < f.length - 1; cut++) {
      assert.throws(() => {
        const r = readRoute(f.subarray(0, cut));
        readBody(f.subarray(0, cut), r.offset);
      }, (e: unknown) => e instanceof FrameError || e instanceof SyntaxError || e instanceof RangeError, `cut at ${cut}`);
    }
    assert.throws(() => readRoute(Buffer.from('hello')), FrameError);
    const notObject = encodeFrame('n', 't', 'e', null, { a: 1 });
    const arr = Buffer.concat([notObject.subarray(0, notObject.length - 7), Buffer.from('[1,2,3]')]);
    assert.throws(() => readBody(arr, readRoute(arr).offset), FrameError);
  });
});
