// The faults `pitboss chaos` injects, one at a time, each on a node picked at random:
//   sigkill      the node dies at once (no drain): its lease lapses, its tables move;
//                the group starts it again under the same id
//   sigterm      the node drains (sockets closed with a reconnect hint) and stops; started again
//   redis_drop   every Redis connection of the node is closed by the server (CLIENT KILL ID,
//                found by the connection names `<prefix><node>:<role>`): the node reconnects;
//                it may lose its lease meanwhile (then its tables move)
//   table_crash  SIGUSR2 to a node started with PITBOSS_CHAOS_HOOKS=1: one of its tables is
//                killed and its supervisor restarts it (src/chaos/table_crash_hook.ts)
import type { Redis } from 'ioredis';
import type { NodeGroup, NodeProc } from './group.ts';
import type { FaultKind } from './options.ts';

export interface FaultRecord {
  kind: FaultKind;
  node: string;
  at: number;
  /** Redis connections closed (redis_drop). */
  connections?: number;
  /** How long the node took to be up again (sigkill, sigterm), or why it did not. */
  restartMs?: number;
  error?: string;
  /** Not injected, and why (e.g. the node has no chaos hooks for table_crash). */
  skipped?: string;
}

/** The Redis connections of one node of this cluster, by the names the node gives them. */
export async function nodeConnections(redis: Redis, prefix: string, node: string): Promise<string[]> {
  const list = (await redis.client('LIST')) as string;
  const stem = `${prefix}${node}:`.replace(/[^\x21-\x7e]/g, '_');
  const ids: string[] = [];
  for (const line of list.split('\n')) {
    const name = /(?:^| )name=(\S*)/.exec(line)?.[1];
    const id = /(?:^| )id=(\d+)/.exec(line)?.[1];
    if (name !== undefined && id !== undefined && name.startsWith(stem)) ids.push(id);
  }
  return ids;
}

export async function inject(kind: FaultKind, victim: NodeProc, group: NodeGroup, redis: Redis, prefix: string): Promise<FaultRecord> {
  const rec: FaultRecord = { kind, node: victim.id, at: Date.now() };
  switch (kind) {
    case 'sigkill':
    case 'sigterm':
      process.kill(victim.pid, kind === 'sigkill' ? 'SIGKILL' : 'SIGTERM');
      try {
        const back = await group.waitUp(victim.id, victim.pid, 60_000);
        rec.restartMs = back.upAt - rec.at;
      } catch (err) {
        rec.error = (err as Error).message;
      }
      return rec;
    case 'redis_drop': {
      const ids = await nodeConnections(redis, prefix, victim.id);
      // CLIENT KILL ID, one by one: only this node's connections, never another user's of a shared server.
      let n = 0;
      for (const id of ids) n += Number(await redis.client('KILL', 'ID', id));
      rec.connections = n;
      if (ids.length === 0) rec.skipped = 'no named connection found (a node older than connection names?)';
      return rec;
    }
    case 'table_crash':
      if (!group.hasHooks(victim.pid)) {
        rec.skipped = 'the node runs without PITBOSS_CHAOS_HOOKS=1 (SIGUSR2 would stop it)';
        return rec;
      }
      process.kill(victim.pid, 'SIGUSR2');
      return rec;
  }
}
