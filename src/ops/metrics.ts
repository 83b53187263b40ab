// Prometheus metrics. One Registry per server (no global default registry), so two
// servers in one test process do not mix their numbers. Gauges are read at scrape
// time from the components that own the numbers.
import { Registry, Gauge, Counter, collectDefaultMetrics } from 'prom-client';
import { CONNECTION_TYPES, type ConnectionTracker } from './connection_tracker.ts';
import type { RuntimeStats } from './runtime_stats.ts';
import type { TableCensus } from './system.ts';
import type { AlertManager } from './alerts/index.ts';

export interface MetricSources {
  sockets(): number;
  channelsByPrefix(): Record<string, number>;
  processes(): number;
  messagesIn(): number;
  messagesOut(): number;
  /** The connection tracker: connections per type and players online. */
  tracker?: ConnectionTracker;
  /** Memory, event loop, handles (runtime_stats.ts). */
  runtime?: RuntimeStats;
  tables?: () => TableCensus;
  /** seconds since the node started */
  uptime?: () => number;
  alerts?: Pick<AlertManager, 'active'>;
}

export function createMetrics(sources: MetricSources): Registry {
  const registry = new Registry();
  // Includes process CPU/memory, GC, and nodejs_eventloop_lag_* from monitorEventLoopDelay.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  new Gauge({ name: 'pitboss_sockets', help: 'Open WebSocket connections', registers: [registry], collect() { this.set(sources.sockets()); } });
  new Gauge({
    name: 'pitboss_channels',
    help: 'Joined channels by topic prefix',
    labelNames: ['prefix'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [prefix, n] of Object.entries(sources.channelsByPrefix())) this.set({ prefix }, n);
    },
  });
  new Gauge({ name: 'pitboss_processes', help: 'Live runtime processes', registers: [registry], collect() { this.set(sources.processes()); } });
  // Counters owned elsewhere: expose their running totals as counters by setting the delta.
  const counterFrom = (name: string, help: string, read: () => number) => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = read();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  counterFrom('pitboss_messages_in_total', 'Frames received from clients', sources.messagesIn);
  counterFrom('pitboss_messages_out_total', 'Frames written to clients', sources.messagesOut);
  operations(registry, sources);
  return registry;
}

/** The connection tracker's and the runtime's figures (docs/operations.md lists every series). */
function operations(registry: Registry, s: MetricSources): void {
  const registers = [registry];
  const { tracker, runtime, tables, uptime, alerts } = s;
  if (tracker) {
    new Gauge({
      name: 'pitboss_connections', help: 'Live connections by type (raw sockets, channels by kind), from the connection tracker', labelNames: ['type'], registers,
      collect() {
        this.reset();
        for (const t of CONNECTION_TYPES) this.set({ type: t }, 0);
        for (const [type, n] of Object.entries(tracker.counts())) this.set({ type }, n);
      },
    });
    new Gauge({ name: 'pitboss_players_online', help: 'Players with at least one live channel', registers, collect() { this.set(tracker.playersOnline().size); } });
  }
  if (runtime) {
    // One read of the figures per scrape: the first of these gauges reads them and sets
    // the others, which the registry serializes after it (registration order).
    let memory: Gauge | undefined;
    let elu: Gauge | undefined;
    let delay: Gauge | undefined;
    new Gauge({
      name: 'pitboss_active_handles', help: 'libuv handles and requests keeping the process alive', registers,
      collect() {
        const f = runtime.figures();
        this.set(f.active_handles);
        for (const [kind, v] of Object.entries(f.memory)) memory?.set({ kind }, v);
        elu?.set(f.event_loop.utilization);
        for (const [stat, v] of Object.entries(f.event_loop.delay_ms)) delay?.set({ stat }, v / 1000);
      },
    });
    memory = new Gauge({ name: 'pitboss_memory_bytes', help: 'Process memory by kind (rss, heap_used, heap_total, external, array_buffers)', labelNames: ['kind'], registers });
    elu = new Gauge({ name: 'pitboss_event_loop_utilization', help: 'Busy share of the event loop over the last window (0-1)', registers });
    delay = new Gauge({ name: 'pitboss_event_loop_delay_seconds', help: 'Event-loop delay over the last window, by stat (mean, p50, p99, max)', labelNames: ['stat'], registers });
  }
  if (tables) {
    new Gauge({
      name: 'pitboss_tables', help: 'Open tables by game', labelNames: ['game'], registers,
      collect() {
        this.reset();
        for (const [game, n] of Object.entries(tables().by_game)) this.set({ game }, n);
      },
    });
    new Gauge({ name: 'pitboss_tables_draining', help: 'Tables staff are closing between rounds', registers, collect() { this.set(tables().draining); } });
  }
  if (alerts) {
    new Gauge({
      name: 'pitboss_alerts_active', help: 'Active alerts by rule', labelNames: ['rule'], registers,
      collect() {
        this.reset();
        for (const a of alerts.active()) this.inc({ rule: a.rule });
      },
    });
  }
  if (uptime) new Gauge({ name: 'pitboss_uptime_seconds', help: 'Seconds since this node started', registers, collect() { this.set(Math.floor(uptime())); } });
}
