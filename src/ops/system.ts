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
}

export interface SystemReport {
  node: string;
  uptime: string;
  uptime_seconds: number;
  /** this node's connections; `cluster` is the node's own until cluster totals land */
  connections: { local: Record<string, number>; total: number; cluster: Record<string, number> };
  players_online: number;
  runtime: RuntimeFigures;
  tables: TableCensus;
}

export function systemReport(s: SystemSources): SystemReport {
  const seconds = Math.floor(s.uptime?.() ?? process.uptime());
  const local = s.tracker.counts();
  return {
    node: s.node,
    uptime: formatUptime(seconds),
    uptime_seconds: seconds,
    connections: { local, total: Object.values(local).reduce((a, b) => a + b, 0), cluster: local },
    players_online: s.tracker.playersOnline().size,
    runtime: s.runtime.figures(),
    tables: s.tables(),
  };
}
