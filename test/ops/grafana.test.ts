// The Grafana dashboard in docs/grafana/ reads only series the server exports: every
// pitboss_* name in its queries is a metric createMetrics registers (with every source
// main.ts gives it), so a renamed metric cannot leave a silently empty panel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMetrics } from '../../src/ops/metrics.ts';
import { ConnectionTracker } from '../../src/ops/connection_tracker.ts';
import { RuntimeStats } from '../../src/ops/runtime_stats.ts';
import { AlertBook } from '../../src/ops/alerts/index.ts';

const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/pitboss-operations.json', import.meta.url), 'utf8'));

describe('the Grafana dashboard', () => {
  it('queries only pitboss_* series the server exports, and shows every one of the operations series', async () => {
    const runtime = new RuntimeStats({ processes: () => 1, windowMs: 60_000 });
    try {
      const registry = createMetrics({
        sockets: () => 0, channelsByPrefix: () => ({}), processes: () => 0, messagesIn: () => 0, messagesOut: () => 0,
        tracker: new ConnectionTracker(), runtime, tables: () => ({ total: 0, draining: 0, by_game: {} }), uptime: () => 1, alerts: new AlertBook(),
      });
      const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
      const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
      const queried = new Set(exprs.flatMap((e) => e.match(/\bpitboss_[a-z_]+/g) ?? []));
      assert.deepEqual([...queried].filter((n) => !exported.has(n)), []);
      for (const n of ['pitboss_connections', 'pitboss_players_online', 'pitboss_memory_bytes', 'pitboss_event_loop_delay_seconds',
        'pitboss_event_loop_utilization', 'pitboss_tables', 'pitboss_alerts_active', 'pitboss_uptime_seconds']) assert.ok(queried.has(n), n);
      assert.equal(new Set(dashboard.panels.map((p: any) => p.id)).size, dashboard.panels.length, 'panel ids are unique');
    } finally {
      runtime.stop();
    }
  });
});
