// Alert rules: pure functions from what the node sees now (a snapshot) to the conditions
// that hold now. A condition has a stable key — `memory_high`, `terminal_offline:<id>` —
// which is what de-duplication counts on (book.ts): a key that keeps holding is one
// alert, however many checks see it.
import type { JsonObject } from '../../wire/index.ts';

export interface AlertSnapshot {
  /** bytes, from process.memoryUsage() */
  memory: { rss: number; heap_used: number };
  /** every terminal the node knows, with its last heartbeat (epoch ms) */
  terminals: ReadonlyArray<{ id: string; last_seen: number }>;
}

export type Severity = 'warning' | 'critical';

export interface Condition {
  key: string;
  rule: string;
  severity: Severity;
  message: string;
  details: JsonObject;
}

export type Rule = (s: AlertSnapshot, now: number) => Condition[];

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** The process's resident memory at or above `rssBytes`. */
export function memoryHigh(opts: { rssBytes: number }): Rule {
  return (s) => s.memory.rss < opts.rssBytes ? [] : [{
    key: 'memory_high', rule: 'memory_high', severity: 'warning',
    message: `memory high: ${mb(s.memory.rss)} MB resident (threshold ${mb(opts.rssBytes)} MB)`,
    details: { rss: s.memory.rss, heap_used: s.memory.heap_used, threshold: opts.rssBytes },
  }];
}

/** A terminal whose last heartbeat is `afterMs` old or older: one condition per terminal. */
export function terminalOffline(opts: { afterMs: number }): Rule {
  return (s, now) => s.terminals.filter((t) => now - t.last_seen >= opts.afterMs).map((t) => ({
    key: `terminal_offline:${t.id}`, rule: 'terminal_offline', severity: 'critical',
    message: `terminal ${t.id} offline: no heartbeat for ${Math.round((now - t.last_seen) / 1000)} s`,
    details: { terminal_id: t.id, last_seen: new Date(t.last_seen).toISOString() },
  }));
}
