// The node at a glance (GET /api/admin/system, the dashboard): connections by type, the
// runtime's figures, tables, and uptime both as seconds and as people read it. Built
// from sources passed in: ops reads numbers, it owns none of the parts they come from.
import type { ConnectionTracker } from './connection_tracker.ts';
import type { RuntimeFigures, RuntimeStats } from './runtime_stats.ts';
import { formatUptime } from './uptime.ts';

export interface TableCensus {
  total: number;
  draining: number;
  by_game: Record<string, number>;
}

export interface SystemSources {
  node: string;
  tracker: ConnectionTracker;
  runtime: RuntimeStats;
  tables: () => TableCensus;
  /** seconds since this node started (default: the OS process's uptime) */
  uptime?: () => number;
  /** Cluster mode: every live node's figures and their sums (cluster/census.ts); absent, the cluster is this node. */
  cluster?: () => { nodes: Record<string, { counts: Record<string, number>; players_online: number; tables: number }>; totals: { counts: Record<string, number>; players_online: number; tables: number; nodes: number } };
}

export interface SystemReport {
  node: string;
  uptime: string;
  uptime_seconds: number;
  /** this node's connections, and the cluster's (every live node's, summed; the node's own on a single node) */
  connections: { local: Record<string, number>; total: number; cluster: Record<string, number>; cluster_total: number };
  players_online: number;
  /** the cluster at a glance: nodes live, players online summed over nodes (a player on two nodes counts twice), tables, and each node's row */
  cluster: { nodes: number; players_online: number; tables: number; by_node: Record<string, { connections: number; players_online: number; tables: number }> };
  runtime: RuntimeFigures;
  tables: TableCensus;
}

export function systemReport(s: SystemSources): SystemReport {
  const seconds = Math.floor(s.uptime?.() ?? process.uptime());
  const local = s.tracker.counts();
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const players = s.tracker.playersOnline().size;
  const tables = s.tables();
  const c = s.cluster?.() ?? { nodes: { [s.node]: { counts: local, players_online: players, tables: tables.total } }, totals: { counts: local, players_online: players, tables: tables.total, nodes: 1 } };
  return {
    node: s.node,
    uptime: formatUptime(seconds),
    uptime_seconds: seconds,
    connections: { local, total: sum(local), cluster: c.totals.counts, cluster_total: sum(c.totals.counts) },
    players_online: players,
    cluster: {
      nodes: c.totals.nodes, players_online: c.totals.players_online, tables: c.totals.tables,
      by_node: Object.fromEntries(Object.entries(c.nodes).map(([n, r]) => [n, { connections: sum(r.counts), players_online: r.players_online, tables: r.tables }])),
    },
    runtime: s.runtime.figures(),
    tables,
  };
}
