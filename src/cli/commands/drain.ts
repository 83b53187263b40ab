// `pitboss drain [--node <id>]`: asks one node of a cluster to drain — hand its tables over
// to the other nodes between rounds, close its sockets with 1012 (reconnect elsewhere),
// give its lease back and exit — as SIGTERM does, from any machine that reaches the
// cluster's Redis (REDIS_URL, PITBOSS_REDIS_PREFIX). The request is an RPC on the cluster's
// bus; the command then waits until the node's lease is gone. A single node (no Redis)
// drains on SIGTERM. docs/cluster.md, "Drain and rolling restarts".
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { loadConfig, ConfigError, type Config } from '../../config.ts';

export function register(program: Command): void {
  program
    .command('drain')
    .description('drain a cluster node: hand its tables over between rounds, close its sockets, stop it (REDIS_URL)')
    .option('--node <id>', 'the node to drain (default: the only live node; required when several are live)')
    .option('--wait <ms>', 'how long to wait for the node to stop (default: PITBOSS_DRAIN_TIMEOUT_MS + 30 s)')
    .action(async (opts: { node?: string; wait?: string }) => {
      let config: Config;
      try {
        config = loadConfig(process.env);
      } catch (err) {
        if (err instanceof ConfigError) return fail(err.message, 2);
        throw err;
      }
      if (config.redisUrl === undefined) return fail('pitboss drain needs REDIS_URL (the cluster\'s Redis); a single node drains on SIGTERM', 2);
      const wait = opts.wait === undefined ? config.cluster.drainTimeoutMs + 30_000 : Number(opts.wait);
      if (!Number.isInteger(wait) || wait < 0) return fail('--wait must be a whole number of milliseconds', 2);
      process.exitCode = await drain(config, opts.node, wait);
    });
}

function fail(message: string, code: number): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

async function drain(config: Config, asked: string | undefined, waitMs: number): Promise<number> {
  const { RedisPubSub, Rpc, clusterKeys, redisClient } = await import('../../cluster/index.ts');
  const { DRAIN_NODE } = await import('../../casino/index.ts');
  const keys = clusterKeys(config.cluster.prefix);
  const redis = redisClient(config.redisUrl!, config.redisTls, { maxRetriesPerRequest: 1 });
  const live = async (): Promise<string[]> => {
    const ids = Object.keys(await redis.hgetall(keys.members));
    const leases = ids.length === 0 ? [] : await redis.mget(...ids.map((id) => keys.lease(id)));
    return ids.filter((_, i) => leases[i] !== null).sort();
  };
  try {
    const nodes = await live();
    const node = asked ?? (nodes.length === 1 ? nodes[0] : undefined);
    if (node === undefined) {
      process.stderr.write(nodes.length === 0 ? 'no live node in this cluster\n' : `live nodes: ${nodes.join(', ')}; say which with --node\n`);
      return 2;
    }
    if (!nodes.includes(node)) {
      process.stderr.write(`node ${node} is not live (live: ${nodes.join(', ') || 'none'})\n`);
      return 1;
    }
    // This command is a bus member for one call: it asks, the node answers on this id's topic.
    const self = `drain-${randomBytes(4).toString('hex')}`;
    const bus = await RedisPubSub.connect({ url: config.redisUrl!, tls: config.redisTls, prefix: config.cluster.prefix, nodeId: self });
    const rpc = new Rpc({ bus, members: { nodeId: self, isLive: (n) => n === node, on: () => undefined, off: () => undefined } });
    rpc.start();
    let answer: { node: string; tables: number };
    try {
      answer = await rpc.call(node, DRAIN_NODE, { by: `pitboss drain on ${hostname()}` }, 5_000);
    } finally {
      rpc.stop();
      await bus.close();
    }
    const started = Date.now();
    process.stdout.write(`node ${answer.node} drains: ${answer.tables} table(s) to hand over between rounds\n`);
    while (Date.now() - started < waitMs) {
      if ((await redis.get(keys.lease(node))) === null) {
        process.stdout.write(`node ${node} has stopped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    process.stderr.write(`node ${node} still holds its lease after ${waitMs} ms\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
}
