// Membership against the real Redis on 127.0.0.1:6379, each test under its own key prefix.
// Lease times are short (300 ms) so a node's death is seen quickly; the deadline for
// "down" is the lease time plus one scan plus a margin for a loaded machine.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Membership } from '../../src/cluster/membership.ts';
import { REDIS_URL, eventually, redisProxy } from './support.ts';

const TTL = 300;

describe('Membership', () => {
  const open: Membership[] = [];
  let prefix = '';
  const node = (nodeId: string, opts: { ttlMs?: number; scanMs?: number } = {}) => {
    const m = new Membership({ url: REDIS_URL, prefix, nodeId, ttlMs: opts.ttlMs ?? TTL, ...(opts.scanMs ? { scanMs: opts.scanMs } : {}) });
    open.push(m);
    return m;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((m) => m.stop()));
    prefix = `pitboss-test:${randomUUID()}:`;
  });
  prefix = `pitboss-test:${randomUUID()}:`;

  it('lets two nodes see each other, each with a fencing token', async () => {
    const a = node('a');
    const b = node('b');
    const upOnA: string[] = [];
    a.on('up', (id) => upOnA.push(id));
    await a.start();
    await b.start();
    assert.deepEqual(b.liveNodes(), ['a', 'b'], 'b sees a at its first scan');
    await eventually(() => upOnA.includes('b'));
    assert.deepEqual(a.liveNodes(), ['a', 'b']);
    assert.ok(a.token !== null && b.token !== null && b.token > a.token, 'tokens increase with each acquire');
  });

  it('reports a node down when its heartbeat stops without a clean leave, within its lease time and one scan', async () => {
    const a = node('a');
    const b = node('b');
    await a.start();
    await b.start();
    let downAt = 0;
    b.on('down', (id) => {
      if (id === 'a') downAt = Date.now();
    });
    const stoppedAt = Date.now();
    await a.stop({ leave: false }); // as a killed process: the lease stays until it expires
    await eventually(() => downAt > 0, TTL + b.scanMs + 1500);
    assert.ok(downAt - stoppedAt >= TTL - b.heartbeatMs, 'not before its lease could have expired');
    assert.deepEqual(b.liveNodes(), ['b']);
  });

  it('shows a draining node to the others at their next scan, leaves it out of placement, and drops the mark with its lease', async () => {
    const a = node('a', { ttlMs: 60_000, scanMs: 100 });
    const b = node('b', { ttlMs: 60_000, scanMs: 100 });
    await a.start();
    await b.start();
    await eventually(() => a.isLive('b'));
    assert.deepEqual(b.placeableNodes(), ['a', 'b']);
    await a.markDraining();
    assert.equal(a.isDraining('a'), true, 'at once on the node itself');
    assert.deepEqual(a.placeableNodes(), ['b']);
    await eventually(() => b.isDraining('a'));
    assert.deepEqual(b.liveNodes(), ['a', 'b'], 'still live: it serves until it stops');
    assert.deepEqual(b.placeableNodes(), ['b']);
    await a.stop();
    await eventually(() => !b.isLive('a'));
    assert.equal(b.isDraining('a'), false);
    // A new run under the same id is not draining: the mark went with the old lease.
    const again = node('a', { ttlMs: 60_000, scanMs: 100 });
    await again.start();
    await eventually(() => b.isLive('a'));
    await new Promise((r) => setTimeout(r, 250)); // two scans
    assert.deepEqual(b.placeableNodes(), ['a', 'b']);
  });

  it('reports a clean leave at the next scan', async () => {
    // A lease far longer than the test: only the leave can explain the down.
    const a = node('a', { ttlMs: 60_000, scanMs: 100 });
    const b = node('b', { ttlMs: 60_000, scanMs: 100 });
    await a.start();
    await b.start();
    const downs: string[] = [];
    b.on('down', (id) => downs.push(id));
    await a.stop();
    await eventually(() => downs.includes('a'));
  });

  it('raises the fencing token on every acquire, a restart under the same id included', async () => {
    const first = node('same');
    await first.start();
    const t1 = first.token!;
    await first.stop();
    const second = node('same');
    await second.start();
    assert.ok(second.token! > t1);
  });

  it('waits out a lease left by a killed run of the same id, and the others see down then up', async () => {
    const watcher = node('w');
    const events: string[] = [];
    watcher.on('up', (id) => events.push(`up:${id}`));
    watcher.on('down', (id) => events.push(`down:${id}`));
    await watcher.start();
    const killed = node('n');
    await killed.start();
    await eventually(() => events.includes('up:n'));
    await killed.stop({ leave: false });
    const again = node('n');
    await again.start(); // blocks until the old lease expires
    assert.notEqual(again.token, null);
    await eventually(() => events.filter((e) => e === 'up:n').length === 2);
    assert.deepEqual(events, ['up:n', 'down:n', 'up:n']);
  });

  it('loses the lease when Redis stops answering for longer than the lease, and acquires a new token after', async () => {
    const proxy = await redisProxy();
    const a = new Membership({ url: proxy.url, prefix, nodeId: 'a', ttlMs: TTL });
    open.push(a);
    try {
      await a.start();
      const t1 = a.token!;
      const lost = new Promise<void>((r) => a.once('lost', () => r()));
      const regained = new Promise<number>((r) => a.once('acquired', (t) => r(t)));
      proxy.freeze(); // renewals time out from here on
      await lost;
      assert.equal(a.token, null);
      proxy.thaw();
      const t2 = await regained;
      assert.ok(t2 > t1);
      assert.equal(a.token, t2);
    } finally {
      await proxy.close();
    }
  });
});
