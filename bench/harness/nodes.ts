// A bench cluster: N real servers (bench/servers/casino.ts → src/main.ts) on one
// PostgreSQL database and one Redis prefix of the bench's own, each node its own process
// on its own port, read by the runner as one server (CPU and heap summed over the nodes).
// The load generator spreads its clients over the ports round-robin (protocol.ts portFor),
// so the six members of a room sit on different nodes and every broadcast crosses Redis.
//
// Why ports and not `pitboss start --nodes N` (src/cli/node_group.ts, one shared port):
// the runner reads each node's CPU, heap and ledger over its own IPC channel, and the
// spread is then exact, not the primary's round-robin over arrivals. What each node runs
// is the same server either way.
//
// Placement: one node → server on core 0, load on core 1 (as every scenario). N nodes →
// node i on core i mod cores, the load generator unpinned: on a 2-core machine it shares
// the cores with the nodes, and its CPU is reported so generator-bound steps are marked.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { availableParallelism } from 'node:os';
import type { ServerStats } from '../protocol.ts';
import { clusterKeys } from '../../src/cluster/keys.ts';
import { placement, startServer, type Pinned, type ServerHandle } from './processes.ts';

export const BENCH_PG_ADMIN = process.env['PITBOSS_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env['PITBOSS_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A column of a cluster scenario: how many nodes, and whether they run in cluster mode (Redis). */
export interface Layout {
  name: string;
  nodes: number;
  redis: boolean;
}

/** `--nodes 1,2` tokens: `1` the single server (no Redis), `1r` one node in cluster mode, `N` N nodes on Redis. */
export function parseLayouts(list: string | undefined): Layout[] {
  const tokens = (list ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean);
  return tokens.map((t) => {
    const m = /^(\d+)(r?)$/.exec(t);
    const n = m ? Number(m[1]) : NaN;
    if (!m || !Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--nodes: "${t}" is not 1–16 (optionally 1r: one node on Redis)`);
    if (n === 1 && m[2] !== 'r') return { name: '1 node', nodes: 1, redis: false };
    if (n === 1) return { name: '1 node + Redis', nodes: 1, redis: true };
    return { name: `${n} nodes`, nodes: n, redis: true };
  });
}

export interface NodesHandle extends ServerHandle {
  ports: number[];
  nodes: ServerHandle[];
  layout: Layout;
  /** The database and Redis prefix of this group (dropped and deleted by stop()). */
  database: string;
  redisPrefix: string | null;
}

let serial = 0;

/**
 * Every frame on the cluster's bus, counted from a connection of the runner's own: what
 * each node publishes (Redis sends each to every node). One more subscriber for Redis.
 */
async function busCounter(prefix: string): Promise<{ frames: number; bytes: number; close(): void }> {
  const r = new Redis(BENCH_REDIS_URL, { lazyConnect: true });
  await r.connect();
  await r.subscribe(clusterKeys(prefix).bus);
  const c = { frames: 0, bytes: 0, close: () => r.disconnect() };
  r.on('messageBuffer', (_ch: Buffer, msg: Buffer) => {
    c.frames++;
    c.bytes += msg.length;
  });
  return c;
}

function sumStats(all: ServerStats[]): ServerStats {
  const add = (k: Exclude<keyof ServerStats, 'busFrames' | 'busBytes'>) => all.reduce((n, s) => n + s[k], 0);
  return {
    rss: add('rss'), heapUsed: add('heapUsed'), heapTotal: add('heapTotal'), external: add('external'), arrayBuffers: add('arrayBuffers'),
    cpuUser: add('cpuUser'), cpuSystem: add('cpuSystem'), connections: add('connections'), rooms: add('rooms'),
    loopDelayP99Ms: Math.max(...all.map((s) => s.loopDelayP99Ms)), loopDelayMaxMs: Math.max(...all.map((s) => s.loopDelayMaxMs)),
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: BENCH_PG_ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Every key of the prefix (leases, members, table directory…) removed; the bus channel holds no data. */
async function deletePrefix(prefix: string): Promise<number> {
  const r = new Redis(BENCH_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await r.connect();
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) n += await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

/** Where the nodes and the load generator run for this layout. */
export function layoutPlacement(layout: Layout, pin: boolean): { nodes: Pinned[]; load: Pinned } {
  const single = placement(pin);
  if (layout.nodes === 1) return { nodes: [single.server], load: single.load };
  const cores = availableParallelism();
  const pinned = single.server.cpus !== null;
  return { nodes: Array.from({ length: layout.nodes }, (_, i) => ({ cpus: pinned ? String(i % cores) : null })), load: { cpus: null } };
}

/**
 * Start the layout's nodes on a fresh PostgreSQL database (always PostgreSQL: the
 * embedded store is one process's) and, in cluster mode, a Redis prefix of their own.
 * Node 0 starts first (it runs the migrations); the others then start together.
 */
export async function startNodes(layout: Layout, nodePins: Pinned[], extraArgs: string[]): Promise<NodesHandle> {
  const tag = `${process.pid}_${++serial}`;
  const database = `pitboss_bench_nodes_${tag}`;
  const redisPrefix = layout.redis ? `pitboss-bench-${tag}:` : null;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${database}`);
  });
  const url = new URL(BENCH_PG_ADMIN);
  url.pathname = `/${database}`;
  const secret = randomBytes(24).toString('hex');
  const argsFor = (i: number) => [
    '--db', 'postgres', '--db-url', url.toString(), ...extraArgs,
    ...(redisPrefix ? ['--redis-url', BENCH_REDIS_URL, '--redis-prefix', redisPrefix, '--node-id', `bench-${tag}-${i}`] : []),
  ];
  const nodes: ServerHandle[] = [];
  const bus = redisPrefix ? await busCounter(redisPrefix) : null;
  const cleanup = async () => {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    bus?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => {});
    if (redisPrefix) await deletePrefix(redisPrefix).catch(() => 0);
  };
  try {
    nodes.push(await startServer('casino', nodePins[0]!, argsFor(0), { PITBOSS_SECRET: secret }));
    const rest = await Promise.allSettled(Array.from({ length: layout.nodes - 1 }, (_, k) => startServer('casino', nodePins[k + 1]!, argsFor(k + 1), { PITBOSS_SECRET: secret })));
    for (const r of rest) if (r.status === 'fulfilled') nodes.push(r.value);
    const failed = rest.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (e) {
    await cleanup();
    throw e;
  }
  const ports = nodes.map((n) => n.port);
  const withBus = (st: ServerStats): ServerStats => (bus ? { ...st, busFrames: bus.frames, busBytes: bus.bytes } : st);
  return {
    kind: 'casino', port: ports[0]!, ports, nodes, layout, database, redisPrefix,
    stats: async () => withBus(sumStats(await Promise.all(nodes.map((n) => n.stats())))),
    gcStats: async () => withBus(sumStats(await Promise.all(nodes.map((n) => n.gcStats())))),
    // One database: any node's check covers every node's rounds.
    ledgerCheck: () => nodes[0]!.ledgerCheck(),
    stop: cleanup,
  };
}
