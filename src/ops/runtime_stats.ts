// The node's runtime figures for the admin API and metrics: memory, the event loop's
// utilisation and delay (perf_hooks), active handles, live processes. Event-loop figures
// are per window: a timer closes a window every `windowMs` (default 5 s) and keeps its
// figures, so every reader — a dashboard polling, Prometheus scraping — sees the same
// last window rather than resetting each other's. The timer is unref'd and stopped by
// `stop()` (the edge's terminate).
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface EventLoopWindow {
  /** busy share of the window, 0–1 */
  utilization: number;
  /** event-loop delay in the window, ms */
  delay_ms: { mean: number; p50: number; p99: number; max: number };
  window_ms: number;
}

export interface RuntimeFigures {
  memory: { rss: number; heap_used: number; heap_total: number; external: number; array_buffers: number };
  event_loop: EventLoopWindow;
  /** libuv handles and requests keeping the process alive (sockets, timers, files) */
  active_handles: number;
  /** runtime processes alive (tables, channels, servers) */
  processes: number;
}

const ms = (ns: number) => Math.round((Number.isFinite(ns) ? ns : 0) / 1e4) / 100;

export class RuntimeStats {
  readonly #histogram: ReturnType<typeof monitorEventLoopDelay>;
  readonly #processes: () => number;
  readonly #timer: NodeJS.Timeout;
  #elu: EventLoopUtilization;
  #windowStart: number;
  #last: EventLoopWindow;

  constructor(opts: { processes: () => number; windowMs?: number }) {
    this.#processes = opts.processes;
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#elu = performance.eventLoopUtilization();
    this.#windowStart = performance.now();
    this.#last = { utilization: 0, delay_ms: { mean: 0, p50: 0, p99: 0, max: 0 }, window_ms: 0 };
    this.#timer = setInterval(() => this.closeWindow(), opts.windowMs ?? 5000);
    this.#timer.unref();
  }

  /** Ends the current window and starts the next (the timer calls it; tests may too). */
  closeWindow(): EventLoopWindow {
    const now = performance.now();
    const h = this.#histogram;
    const elu = performance.eventLoopUtilization(this.#elu);
    this.#last = {
      utilization: Math.round(elu.utilization * 1000) / 1000,
      // An empty histogram (no sample yet) reads NaN or a huge min: report 0s instead.
      delay_ms: h.count > 0 ? { mean: ms(h.mean), p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) } : { mean: 0, p50: 0, p99: 0, max: 0 },
      window_ms: Math.round(now - this.#windowStart),
    };
    h.reset();
    this.#elu = performance.eventLoopUtilization();
    this.#windowStart = now;
    return this.#last;
  }

  figures(): RuntimeFigures {
    const m = process.memoryUsage();
    return {
      memory: { rss: m.rss, heap_used: m.heapUsed, heap_total: m.heapTotal, external: m.external, array_buffers: m.arrayBuffers },
      event_loop: this.#last,
      active_handles: process.getActiveResourcesInfo().length,
      processes: this.#processes(),
    };
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }
}
