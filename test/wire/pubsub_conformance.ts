// The shared PubSub suite (phoenix_pubsub's test/shared/pubsub_test.exs): every adapter —
// local here, Redis in src/cluster — runs it with its own factory:
//
//   runPubSubConformance('LocalPubSub', async () => new LocalPubSub());
//
// `makeAdapter` may be called several times per test. For a distributed adapter pass
// `{ distributed: true }`: each call must then return a new node on the same bus, and the
// cross-node tests are added.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { PubSub } from '../../src/wire/pubsub.ts';
import type { BroadcastMessage } from '../../src/wire/message.ts';

/** Resolves once `pred()` is true; adapters may deliver asynchronously. */
async function eventually(pred: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets an asynchronous adapter deliver anything still in flight before a negative assertion. */
async function settle(ps: PubSub): Promise<void> {
  const marker = `settle:${Math.random()}`;
  let seen = false;
  const off = ps.subscribe(marker, () => (seen = true));
  await ps.broadcast(marker, 'x', {});
  await eventually(() => seen);
  off();
}

export function runPubSubConformance(name: string, makeAdapter: () => Promise<PubSub>, opts: { distributed?: boolean } = {}): void {
  describe(`PubSub conformance: ${name}`, () => {
    const open: PubSub[] = [];
    const make = async () => {
      const ps = await makeAdapter();
      open.push(ps);
      return ps;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((ps) => ps.close()));
    });

    it('delivers a broadcast to every subscriber of the topic with topic, event, payload and from', async () => {
      const ps = await make();
      const got: BroadcastMessage[][] = [[], []];
      ps.subscribe('t:1', (m) => got[0].push(m));
      ps.subscribe('t:1', (m) => got[1].push(m));
      await ps.broadcast('t:1', 'ev', { a: 1, nested: { b: [1, 2] } }, 'sender-1');
      await eventually(() => got[0].length === 1 && got[1].length === 1);
      for (const g of got) {
        assert.equal(g[0].topic, 't:1');
        assert.equal(g[0].event, 'ev');
        assert.deepEqual(g[0].payload, { a: 1, nested: { b: [1, 2] } });
        assert.equal(g[0].from, 'sender-1');
      }
    });

    it('hands the same message object to every local subscriber (fastlane encode-once)', async () => {
      const ps = await make();
      const got: BroadcastMessage[] = [];
      for (let i = 0; i < 5; i++) ps.subscribe('fan', (m) => got.push(m));
      await ps.broadcast('fan', 'ev', { n: 1 });
      await eventually(() => got.length === 5);
      for (const m of got) assert.equal(m, got[0]);
    });

    it('does not deliver to other topics, nor after unsubscribe', async () => {
      const ps = await make();
      const a: unknown[] = [], b: unknown[] = [];
      ps.subscribe('a', (m) => a.push(m.payload));
      const offB = ps.subscribe('b', (m) => b.push(m.payload));
      offB();
      offB(); // twice is harmless
      await ps.broadcast('a', 'ev', { n: 1 });
      await ps.broadcast('b', 'ev', { n: 2 });
      await settle(ps);
      assert.deepEqual(a, [{ n: 1 }]);
      assert.deepEqual(b, []);
      assert.equal(ps.localSubscriberCount('b'), 0);
      assert.equal(ps.localSubscriberCount('a'), 1);
    });

    it('keeps the order of broadcasts from one publisher', async () => {
      const ps = await make();
      const seen: number[] = [];
      ps.subscribe('ord', (m) => seen.push((m.payload as { i: number }).i));
      for (let i = 0; i < 50; i++) void ps.broadcast('ord', 'ev', { i });
      await eventually(() => seen.length === 50);
      assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i));
    });

    it('keeps delivering to the others when one subscriber throws', async () => {
      const ps = await make();
      const got: unknown[] = [];
      ps.subscribe('boom', () => {
        throw new Error('bad subscriber');
      });
      ps.subscribe('boom', (m) => got.push(m.event));
      await ps.broadcast('boom', 'ev', {});
      await eventually(() => got.length === 1);
    });

    it('lets a subscriber unsubscribe itself during delivery', async () => {
      const ps = await make();
      let calls = 0;
      const off = ps.subscribe('self', () => {
        calls++;
        off();
      });
      const other: unknown[] = [];
      ps.subscribe('self', (m) => other.push(m.event));
      await ps.broadcast('self', 'one', {});
      await ps.broadcast('self', 'two', {});
      await eventually(() => other.length === 2);
      assert.equal(calls, 1);
    });

    it('carries binary payloads byte for byte', async () => {
      const ps = await make();
      let got: unknown;
      ps.subscribe('bin', (m) => (got = m.payload));
      await ps.broadcast('bin', 'ev', new Uint8Array([0, 1, 254, 255]));
      await eventually(() => got !== undefined);
      assert.deepEqual([...new Uint8Array(got as ArrayBufferLike)], [0, 1, 254, 255]);
    });

    if (!opts.distributed) return;

    it('delivers between two nodes on the same bus, to every subscriber of each node', async () => {
      const n1 = await make();
      const n2 = await make();
      const got: unknown[] = [];
      n1.subscribe('x:node', (m) => got.push(['n1', m.payload]));
      n2.subscribe('x:node', (m) => got.push(['n2', m.payload]));
      await n1.broadcast('x:node', 'ev', { from: 'n1' }, 'sender');
      await eventually(() => got.length === 2);
      assert.deepEqual(got.sort(), [['n1', { from: 'n1' }], ['n2', { from: 'n1' }]]);
    });

    it('keeps a remote node\'s broadcast order and binary payloads', async () => {
      const n1 = await make();
      const n2 = await make();
      const seen: unknown[] = [];
      n2.subscribe('x:ord', (m) => seen.push(m.payload instanceof Uint8Array ? [...m.payload] : (m.payload as { i: number }).i));
      for (let i = 0; i < 20; i++) void n1.broadcast('x:ord', 'ev', { i });
      void n1.broadcast('x:ord', 'ev', new Uint8Array([7, 0, 255]));
      await eventually(() => seen.length === 21);
      assert.deepEqual(seen, [...Array.from({ length: 20 }, (_, i) => i), [7, 0, 255]]);
    });
  });
}
