// The tracker's cluster totals (src/cluster/census.ts), on the local Redis with a prefix per
// test: each node sees every live node's counts and their sums; a node membership no longer
// lists drops out at once and its stale row is deleted; a malformed row is ignored; and the
// admin API's system report carries the totals beside the node's own figures.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ClusterCensus } from '../../src/cluster/census.ts';
import { clusterKeys } from '../../src/cluster/keys.ts';
import { systemReport } from '../../src/ops/system.ts';
import { ConnectionTracker } from '../../src/ops/connection_tracker.ts';
import { RuntimeStats } from '../../src/ops/runtime_stats.ts';
import { REDIS_URL, uniquePrefix } from './support.ts';

describe('ClusterCensus', () => {
  const redis = new Redis(REDIS_URL);
  after(() => redis.disconnect());

  it('sums every live node\'s counts; a node that is gone drops out and its stale row is deleted; bad rows are ignored', async () => {
    const key = clusterKeys(uniquePrefix()).census;
    let live = ['a', 'b', 'c'];
    const local = (sockets: number, players: number, tables: number) => () => ({ counts: { socket: sockets, table_channel: players }, players_online: players, tables });
    const mk = (id: string, f: ReturnType<typeof local>) => new ClusterCensus({ redis, key, nodeId: id, live: () => live, local: f, everyMs: 100 });
    const a = mk('a', local(10, 4, 2));
    const b = mk('b', local(5, 3, 1));
    const c = mk('c', local(7, 0, 6));
    await Promise.all([a.tick(), b.tick(), c.tick()]);
    await a.tick(); // reads what b and c wrote
    await redis.hset(key, 'forged', JSON.stringify({ at: Date.now(), counts: { socket: -5 }, players_online: 1, tables: 0 }));
    live = [...live, 'forged'];
    await a.tick();
    let v = a.view();
    assert.deepEqual(Object.keys(v.nodes).sort(), ['a', 'b', 'c'], 'the malformed row is not a node');
    assert.deepEqual(v.totals, { counts: { socket: 22, table_channel: 7 }, players_online: 7, tables: 9, nodes: 3 });

    // c dies: membership stops listing it; a leaves it out at once, and deletes it once stale.
    live = ['a', 'b'];
    v = a.view();
    assert.deepEqual(v.totals, { counts: { socket: 15, table_channel: 7 }, players_online: 7, tables: 3, nodes: 2 });
    assert.ok(await redis.hexists(key, 'c'), 'not yet stale: kept (it may only be slow to be listed)');
    await new Promise((r) => setTimeout(r, 350));
    await a.tick();
    assert.equal(await redis.hexists(key, 'c'), 0, 'stale for three periods: deleted');
    // A clean stop removes the node's own row.
    await b.stop();
    assert.equal(await redis.hexists(key, 'b'), 0);
    await redis.del(key);
  });

  it('puts the totals in the system report beside the node\'s own figures', () => {
    const tracker = new ConnectionTracker();
    const close = tracker.open('socket', { player_id: 'p1' });
    const runtime = new RuntimeStats({ processes: () => 0 });
    const tables = () => ({ total: 2, draining: 0, by_game: { slots: 2 } });
    const single = systemReport({ node: 'n1', tracker, runtime, tables });
    assert.equal(single.connections.cluster_total, single.connections.total, 'one node: the cluster is the node');
    assert.deepEqual(single.cluster.nodes, 1);
    const r = systemReport({
      node: 'n1', tracker, runtime, tables,
      cluster: () => ({
        nodes: { n1: { counts: { socket: 1 }, players_online: 1, tables: 2 }, n2: { counts: { socket: 40, table_channel: 12 }, players_online: 12, tables: 5 } },
        totals: { counts: { socket: 41, table_channel: 12 }, players_online: 13, tables: 7, nodes: 2 },
      }),
    });
    assert.equal(r.connections.local['socket'], 1);
    assert.deepEqual(r.connections.cluster, { socket: 41, table_channel: 12 });
    assert.equal(r.connections.cluster_total, 53);
    assert.deepEqual(r.cluster, { nodes: 2, players_online: 13, tables: 7, by_node: { n1: { connections: 1, players_online: 1, tables: 2 }, n2: { connections: 52, players_online: 12, tables: 5 } } });
    close();
  });
});
