// The cluster scenarios end to end at tiny size (2 nodes on the local Redis and PostgreSQL
// beside the single server) and the PubSub throughput scenario: behaviour only — both
// columns measured, every broadcast delivered, the ledger balanced, nothing left behind in
// PostgreSQL or Redis — never speed (docs/performance.md has the figures).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { runBench, type BenchRun } from '../../bench/run.ts';
import { ROOM_SIZE } from '../../bench/protocol.ts';
import { parseLayouts, BENCH_PG_ADMIN, BENCH_REDIS_URL } from '../../bench/harness/nodes.ts';
import { tableRows, type ScenarioResult } from '../../bench/harness/report.ts';
import { expandNames } from '../../bench/scenarios/index.ts';
import type { StepResult } from '../../bench/load/fanout.ts';

describe('cluster bench: layouts and the ratio column', () => {
  it('reads --nodes into columns: the single server, one node on Redis, N nodes on Redis', () => {
    assert.deepEqual(parseLayouts(undefined), [{ name: '1 node', nodes: 1, redis: false }, { name: '2 nodes', nodes: 2, redis: true }]);
    assert.deepEqual(parseLayouts('1,1r,3').map((l) => [l.name, l.nodes, l.redis]), [['1 node', 1, false], ['1 node + Redis', 1, true], ['3 nodes', 3, true]]);
    assert.throws(() => parseLayouts('0'), /--nodes/);
    assert.throws(() => parseLayouts('2x'), /--nodes/);
  });

  it('expands `cluster` to the three scenarios', () => {
    assert.deepEqual(expandNames(['cluster', 'pubsub']), ['fanout-nodes', 'slots-nodes', 'mixed-nodes', 'pubsub']);
  });

  it('divides each column by the base column when the result has one (a scaling factor)', () => {
    const r: ScenarioResult = {
      scenario: 'x', params: {}, detail: {}, notes: [], base: '1 node',
      metrics: [{ key: 'v', label: 'v', better: 'higher' }], values: { '1 node': { v: 100 }, '2 nodes': { v: 150 } },
    };
    const [head, row] = tableRows(r);
    assert.deepEqual(head, ['metric', '1 node', '2 nodes', '2 nodes/1 node']);
    assert.equal(row![3], '1.50×');
  });
});

describe('cluster bench (tiny run: 1 node beside 2 nodes, and PubSub)', () => {
  let run: BenchRun;
  const byName = (n: string) => run.results.find((r) => r.scenario === n) as ScenarioResult;

  before(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pitboss-bench-')), 'run.json');
    run = await runBench({ scenarios: ['cluster', 'pubsub'], size: 'tiny', servers: ['pitboss'], pin: true, jsonOut: file, target: 'bench', quiet: true }, () => {});
  });

  it('measures both layouts in every cluster scenario, with no failure', () => {
    for (const name of ['fanout-nodes', 'slots-nodes', 'mixed-nodes']) {
      const r = byName(name);
      assert.deepEqual(r.notes.filter((n) => / failed: /.test(n)), [], name);
      assert.deepEqual(Object.keys(r.values), ['1 node', '2 nodes'], name);
      assert.equal(r.base, '1 node');
      // The load's clients are spread over both nodes' ports.
      const spread = (r.detail['2 nodes'] as { nodeConnections: number[] }).nodeConnections;
      assert.equal(spread.length, 2, name);
      for (const n of spread) assert.ok(n > 0, `${name}: sockets per node ${JSON.stringify(spread)}`);
      // Frames on the bus per action: none without Redis; in cluster mode at least the action's broadcast.
      assert.equal(r.values['1 node']!['busPerAction'] ?? null, null, name);
      assert.ok(Number(r.values['2 nodes']!['busPerAction']) >= 1, `${name}: bus frames per action ${String(r.values['2 nodes']!['busPerAction'])}`);
    }
  });

  it('delivers every table chat to all six members, across the nodes', () => {
    const r = byName('fanout-nodes');
    for (const col of ['1 node', '2 nodes']) {
      const d = r.detail[col] as { warmup: StepResult; steps: StepResult[]; check: { total: number; open: number } };
      for (const s of [d.warmup, ...d.steps]) {
        assert.ok(s.sent > 0, col);
        assert.equal(s.received, s.sent * ROOM_SIZE, `${col}: ${s.received}/${s.sent * ROOM_SIZE}`);
      }
      assert.equal(d.check.open, d.check.total, `${col}: every client still connected`);
    }
  });

  it('settles spins on every node and plays every game with the ledger balanced', () => {
    const slots = byName('slots-nodes');
    for (const col of ['1 node', '2 nodes']) assert.ok(Number(slots.values[col]!['perSec']) > 0, col);
    const spread = (slots.detail['2 nodes'] as { seat: { seated: number } }).seat;
    assert.equal(spread.seated, 6);
    const mixed = byName('mixed-nodes');
    for (const col of ['1 node', '2 nodes']) {
      const v = mixed.values[col]!;
      assert.equal(v['ledgerSum'], 0, col);
      assert.equal(v['openRounds'], 0, col);
      assert.ok(Number(v['players']) >= 11, col);
      for (const g of ['slots', 'roulette', 'baccarat', 'blackjack', 'holdem']) assert.ok(Number(v[`rps_${g}`]) > 0, `${col}: ${g} settled rounds`);
    }
  });

  it('delivers every published message to every subscriber node', () => {
    const r = byName('pubsub');
    assert.deepEqual(r.notes.filter((n) => / failed: /.test(n)), []);
    assert.ok(Object.keys(r.detail).some((c) => c.endsWith(' 1/100')), 'a column of nodes that drop most frames');
    for (const [col, d] of Object.entries(r.detail) as [string, { subs: number; interest: number; steps: { sent: number; expected: number; received: number[] }[] }][]) {
      assert.ok(d.steps.length > 0, col);
      for (const s of d.steps) {
        assert.equal(s.received.length, d.subs, col);
        if (d.interest === 100) assert.equal(s.expected, s.sent, col);
        else assert.ok(s.expected > 0 && s.expected < s.sent, col);
        for (const got of s.received) assert.equal(got, s.expected, `${col}: ${got}/${s.expected}`);
      }
      assert.ok(Number(r.values[col]!['perSec']) > 0, col);
    }
  });

  it('leaves no bench database and no bench Redis key behind', async () => {
    const c = new pg.Client({ connectionString: BENCH_PG_ADMIN });
    await c.connect();
    const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'pitboss_bench_nodes_${process.pid}_%'`);
    await c.end();
    assert.deepEqual(dbs.rows, []);
    const redis = new Redis(BENCH_REDIS_URL);
    const keys = [...(await redis.keys(`pitboss-bench-${process.pid}_*`)), ...(await redis.keys(`pitboss-bench-pubsub-${process.pid}:*`))];
    redis.disconnect();
    assert.deepEqual(keys, []);
  });
});
