// `pitboss start --nodes N`: N node processes on one machine, so that every core serves
// (a Node process runs JavaScript on one). They share the listening port (node:cluster:
// the primary accepts and hands each connection to a node in turn), and they are a
// cluster in the full sense — one Redis, one PostgreSQL, each node its own id, lease and
// tables — so a node that dies is a node of the cluster that died: its tables move, and
// the group starts it again under the same id.
//
// The primary runs no server. It checks what a group needs before forking (Redis, a
// PostgreSQL every node can reach: embedded PGlite is one process's database), makes the
// token secret once (the nodes would race to create it), restarts a node that exits on
// its own, and on SIGTERM/SIGINT asks every node to drain and waits for them.
import cluster, { type Worker } from 'node:cluster';
import { hostname } from 'node:os';
import type { Config } from '../config.ts';

export interface GroupOptions {
  nodes: number;
  config: Config;
  /** Restarts allowed within `windowMs` before the group gives up (default 5 in 60 s). */
  maxRestarts?: number;
  windowMs?: number;
}

/** Why a group cannot run with this configuration, or null. */
export function groupRefusal(config: Config, nodes: number): string | null {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 64) return '--nodes must be an integer from 1 to 64';
  if (nodes === 1) return null;
  if (config.redisUrl === undefined) return '--nodes needs REDIS_URL: the nodes are a cluster (membership, PubSub, table placement)';
  if (config.database.kind !== 'postgres') return '--nodes needs DATABASE_URL=postgres://…: the embedded database belongs to one process';
  return null;
}

/** The id of node `i`: PITBOSS_NODE_ID (or the host name) and the index, stable across restarts. */
export function groupNodeId(base: string | undefined, i: number): string {
  const stem = (base ?? hostname()).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 56) || 'node';
  return `${stem}-${i}`;
}

export function isGroupNode(): boolean {
  return cluster.isWorker;
}

/** Runs the group's primary until every node has stopped; resolves with the exit code. */
export async function runGroup(o: GroupOptions): Promise<number> {
  const { config, nodes } = o;
  const maxRestarts = o.maxRestarts ?? 5;
  const windowMs = o.windowMs ?? 60_000;
  if (config.secret === undefined) {
    const { loadOrCreateSecret } = await import('../casino/index.ts');
    await loadOrCreateSecret(config.dataDir);
  }
  const base = process.env['PITBOSS_NODE_ID'];
  const byWorker = new Map<Worker, number>();
  const restarts: number[] = [];
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();

  const fork = (i: number) => {
    const w = cluster.fork({ PITBOSS_NODE_ID: groupNodeId(base, i), PITBOSS_GROUP_INDEX: String(i) });
    byWorker.set(w, i);
    w.on('listening', (addr) => {
      process.stderr.write(`node ${groupNodeId(base, i)} (pid ${w.process.pid}) is up\n`);
      listening.add(i);
      if (!announced && listening.size === nodes) {
        announced = true;
        process.stderr.write(`\nPitboss is up on http://localhost:${addr.port}  (${nodes} nodes, database: PostgreSQL)\n\n`);
      }
    });
  };

  return new Promise<number>((resolve) => {
    let code = 0;
    const finish = () => {
      if (byWorker.size === 0) resolve(code);
    };
    cluster.on('exit', (w, exitCode, signal) => {
      const i = byWorker.get(w);
      byWorker.delete(w);
      if (i === undefined) return;
      if (stopping) return finish();
      process.stderr.write(`node ${groupNodeId(base, i)} exited (${signal ?? `code ${exitCode}`}); starting it again\n`);
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && now - restarts[0]! > windowMs) restarts.shift();
      if (restarts.length > maxRestarts) {
        process.stderr.write(`nodes restarted ${restarts.length} times within ${windowMs / 1000} s: stopping the group\n`);
        code = 1;
        stop();
        return;
      }
      listening.delete(i);
      setTimeout(() => { if (!stopping) fork(i); }, 500).unref();
    });
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // Each node drains its sockets (1012, reconnect elsewhere) and stops its tree.
      for (const w of byWorker.keys()) w.process.kill('SIGTERM');
      finish();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    for (let i = 0; i < nodes; i++) fork(i);
  });
}
