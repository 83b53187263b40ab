// Presence across nodes on the local Redis: each "node" is a Membership, a RedisPubSub and
// a ClusterPresence under one prefix per test. Subscribers of a topic on a node stand in
// for its clients (they get exactly what the wire would push them).
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Membership } from '../../src/cluster/membership.ts';
import { RedisPubSub } from '../../src/cluster/redis_pubsub.ts';
import { ClusterPresence } from '../../src/cluster/cluster_presence.ts';
import { PresenceReplicas } from '../../src/cluster/presence_replica.ts';
import type { PresenceDiff } from '../../src/wire/index.ts';
import { REDIS_URL, eventually, redisProxy, uniquePrefix } from './support.ts';

const TTL = 300;

interface Node {
  id: string;
  membership: Membership;
  bus: RedisPubSub;
  presence: ClusterPresence;
  /** presence_diff events delivered on this node, per topic */
  diffs(topic: string): PresenceDiff[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

describe('ClusterPresence', () => {
  let prefix = '';
  const nodes: Node[] = [];
  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  async function start(id: string, busUrl = REDIS_URL): Promise<Node> {
    const membership = new Membership({ url: REDIS_URL, prefix, nodeId: id, ttlMs: TTL });
    const bus = await RedisPubSub.connect({ url: busUrl, prefix, nodeId: id });
    await membership.start();
    const presence = new ClusterPresence({ bus, membership, syncMs: 100 });
    presence.start();
    const seen = new Map<string, PresenceDiff[]>();
    let stopped = false;
    const node: Node = {
      id, membership, bus, presence,
      diffs(topic) {
        if (!seen.has(topic)) {
          seen.set(topic, []);
          bus.subscribe(topic, (m) => m.event === 'presence_diff' && seen.get(topic)!.push(m.payload as unknown as PresenceDiff));
        }
        return seen.get(topic)!;
      },
      // As a SIGKILL: no leaves sent, the lease left to expire.
      async kill() {
        stopped = true;
        presence.stop();
        await membership.stop({ leave: false });
        await bus.close();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        presence.stop();
        await membership.stop();
        await bus.close();
      },
    };
    nodes.push(node);
    return node;
  }

  it('shows a presence tracked on A to a new joiner on B (presence_state) and to a subscriber on B (presence_diff join)', async () => {
    const a = await start('a');
    const b = await start('b');
    const onB = b.diffs('lobby');
    await a.presence.track('lobby', 'alice', 'a-owner-1', { name: 'alice' });
    await eventually(() => onB.length === 1);
    assert.deepEqual(Object.keys(onB[0].joins), ['alice']);
    assert.equal(onB[0].joins['alice'].metas[0]['name'], 'alice');
    assert.deepEqual(Object.keys(onB[0].leaves), []);
    const state = b.presence.list('lobby');
    assert.deepEqual(Object.keys(state), ['alice']);
    assert.equal(state['alice'].metas[0].phx_ref, a.presence.list('lobby')['alice'].metas[0].phx_ref, 'the same ref on every node');
  });

  it('merges one key tracked on two nodes (one player, two devices)', async () => {
    const a = await start('a');
    const b = await start('b');
    await a.presence.track('lobby', 'p1', 'o', { device: 'phone' });
    await b.presence.track('lobby', 'p1', 'o', { device: 'laptop' });
    for (const n of [a, b]) {
      await eventually(() => n.presence.list('lobby')['p1']?.metas.length === 2);
      assert.deepEqual(n.presence.list('lobby')['p1'].metas.map((m) => m['device']).sort(), ['laptop', 'phone']);
    }
  });

  it('passes updates and leaves on, and an exiting owner\'s presences as leaves', async () => {
    const a = await start('a');
    const b = await start('b');
    // Once B holds A's state, A's changes reach B one delta at a time (before, as one snapshot).
    await eventually(() => b.presence.replicatedNodes().includes('a'));
    const onB = b.diffs('t');
    await a.presence.track('t', 'k', 'o1', { v: 1 });
    await a.presence.track('u', 'k2', 'o1', { v: 1 });
    await a.presence.update('t', 'k', 'o1', { v: 2 });
    await eventually(() => onB.length === 2);
    const upd = onB[1];
    assert.equal(upd.joins['k'].metas[0]['v'], 2);
    assert.equal(upd.leaves['k'].metas[0]['v'], 1);
    assert.equal(upd.joins['k'].metas[0].phx_ref_prev, upd.leaves['k'].metas[0].phx_ref);
    await a.presence.ownerDown('o1');
    await eventually(() => onB.length === 3);
    assert.deepEqual(Object.keys(onB[2].leaves), ['k']);
    assert.deepEqual(Object.keys(b.presence.list('t')), []);
    await eventually(() => Object.keys(b.presence.list('u')).length === 0);
  });

  it('gives a node that starts later the presences already tracked elsewhere', async () => {
    const a = await start('a');
    await a.presence.track('lobby', 'early', 'o', {});
    const c = await start('c');
    await eventually(() => 'early' in c.presence.list('lobby'));
  });

  it('catches up on changes a node missed while its bus connection was down (heartbeat, then state)', async () => {
    const proxy = await redisProxy();
    try {
      const a = await start('a');
      const b = await start('b', proxy.url);
      await eventually(() => b.presence.replicatedNodes().includes('a'));
      await a.presence.track('lobby', 'before', 'o1', {});
      await eventually(() => 'before' in b.presence.list('lobby'));
      proxy.cut(); // B's bus reconnects by itself; what A publishes meanwhile never reaches it
      await a.presence.track('lobby', 'during', 'o2', {});
      await eventually(() => 'during' in b.presence.list('lobby'));
      await a.presence.track('lobby', 'after', 'o3', {});
      await eventually(() => 'after' in b.presence.list('lobby'));
    } finally {
      await proxy.close();
    }
  });

  it('removes a killed node\'s presences everywhere within its lease time and a scan, with a presence_diff leave', async () => {
    const a = await start('a');
    const b = await start('b');
    const onB = b.diffs('lobby');
    await a.presence.track('lobby', 'alice', 'o', { name: 'alice' });
    await eventually(() => onB.length === 1);
    const killedAt = Date.now();
    await a.kill();
    await eventually(() => onB.length === 2, TTL + b.membership.scanMs + 1500);
    const tookMs = Date.now() - killedAt;
    assert.deepEqual(Object.keys(onB[1].leaves), ['alice']);
    assert.deepEqual(Object.keys(onB[1].joins), []);
    assert.deepEqual(Object.keys(b.presence.list('lobby')), []);
    process.stdout.write(`# presence of a killed node removed after ${tookMs} ms (lease ${TTL} ms, scan ${b.membership.scanMs} ms)\n`);
  });
});

describe('PresenceReplicas', () => {
  const meta = (ref: string, extra: object = {}) => ({ phx_ref: ref, ...extra });

  it('replaces a node\'s entries with a snapshot, reporting only what changed', () => {
    const r = new PresenceReplicas();
    r.replace('n', 'boot1', 0, [['t', 'a', 'o1', meta('r1')], ['t', 'b', 'o2', meta('r2')]]);
    const d = r.replace('n', 'boot1', 3, [['t', 'a', 'o1', meta('r1')], ['t', 'c', 'o3', meta('r3')]]);
    assert.deepEqual(Object.keys(d.get('t')!.joins), ['c']);
    assert.deepEqual(Object.keys(d.get('t')!.leaves), ['b']);
    assert.deepEqual(r.position('n'), { boot: 'boot1', seq: 3 });
  });

  it('drops a node with a leave for every presence it had, per topic', () => {
    const r = new PresenceReplicas();
    r.replace('n', 'b', 0, [['t1', 'a', 'o1', meta('r1')], ['t1', 'a', 'o2', meta('r2')], ['t2', 'x', 'o1', meta('r3')]]);
    const d = r.drop('n');
    assert.equal(d.get('t1')!.leaves['a'].metas.length, 2);
    assert.deepEqual(Object.keys(d.get('t2')!.leaves), ['x']);
    const out = Object.create(null);
    r.listInto('t1', out);
    assert.deepEqual(Object.keys(out), []);
  });

  it('keeps "__proto__" an ordinary key', () => {
    const r = new PresenceReplicas();
    r.replace('n', 'b', 0, [['t', '__proto__', 'o', meta('r1')]]);
    const out = Object.create(null);
    r.listInto('t', out);
    assert.equal(out['__proto__'].metas[0].phx_ref, 'r1');
  });
});
