// Prometheus metrics. One Registry per server (no global default registry), so two
// servers in one test process do not mix their numbers. Gauges are read at scrape
// time from the components that own the numbers.
import { Registry, Gauge, Counter, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  sockets(): number;
  channelsByPrefix(): Record<string, number>;
  processes(): number;
  messagesIn(): number;
  messagesOut(): number;
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
  return registry;
}
