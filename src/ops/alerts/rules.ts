// The alert rules, as pure functions of one sample of the server's state: what is wrong
// now, each finding named by a key (the rule and its subject: `terminal_offline:cab-7`)
// so the book (book.ts) can tell a new problem from one it already reported.
// Thresholds are configuration (config.ts, PITBOSS_ALERT_*), documented in docs/operations.md.

export type Severity = 'warning' | 'critical';

export type RuleId = 'memory_high' | 'message_rate_low' | 'crash_rate_high' | 'terminal_offline' | 'round_stuck' | 'ledger_check_failing';

export interface Thresholds {
  /** Resident memory above this (bytes). */
  memoryBytes: number;
  /** Fewer frames a second than this from clients… */
  minMessageRate: number;
  /** …while at least this many sockets are open (an idle hall is not an alert). */
  minSocketsForRate: number;
  /** Table crashes within `crashWindowMs` at or above this. */
  maxCrashes: number;
  crashWindowMs: number;
  /** A round open longer than this (ms) is stuck. */
  roundStuckMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  memoryBytes: 1536 * 1024 * 1024,
  minMessageRate: 0.2,
  minSocketsForRate: 20,
  maxCrashes: 3,
  crashWindowMs: 5 * 60_000,
  roundStuckMs: 10 * 60_000,
};

/** One look at the server, as the manager's sources report it. Absent parts are not judged. */
export interface Sample {
  now: number;
  rssBytes?: number;
  sockets?: number;
  /** Frames a second from clients over the last interval. */
  messageRate?: number;
  /** Table crashes within the crash window. */
  recentCrashes?: number;
  offlineTerminals?: ReadonlyArray<{ id: string; lastSeen: number | null }>;
  stuckRounds?: ReadonlyArray<{ roundId: string; tableId: string; openedAt: number }>;
  /** The last ledger check: `ok` false when the sum is not 0 or a balance disagrees with its entries. */
  ledger?: { ok: boolean; sum: number; mismatches: number } | null;
}

export interface Finding {
  key: string;
  rule: RuleId;
  severity: Severity;
  subject: string | null;
  message: string;
}

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

export function evaluate(s: Sample, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  const add = (rule: RuleId, severity: Severity, subject: string | null, message: string) =>
    out.push({ key: subject === null ? rule : `${rule}:${subject}`, rule, severity, subject, message });
  if (s.rssBytes !== undefined && s.rssBytes > t.memoryBytes) {
    add('memory_high', 'warning', null, `resident memory ${mb(s.rssBytes)} is above ${mb(t.memoryBytes)}`);
  }
  if (s.messageRate !== undefined && s.sockets !== undefined && s.sockets >= t.minSocketsForRate && s.messageRate < t.minMessageRate) {
    add('message_rate_low', 'critical', null, `${s.messageRate.toFixed(2)} frames/s from ${s.sockets} open sockets (expected at least ${t.minMessageRate})`);
  }
  if (s.recentCrashes !== undefined && s.recentCrashes >= t.maxCrashes) {
    add('crash_rate_high', 'critical', null, `${s.recentCrashes} table crashes in the last ${Math.round(t.crashWindowMs / 60_000)} min`);
  }
  for (const term of s.offlineTerminals ?? []) {
    const seen = term.lastSeen === null ? 'never seen' : `last seen ${new Date(term.lastSeen).toISOString()}`;
    add('terminal_offline', 'warning', term.id, `terminal ${term.id} is offline (${seen})`);
  }
  for (const r of s.stuckRounds ?? []) {
    if (s.now - r.openedAt < t.roundStuckMs) continue;
    add('round_stuck', 'critical', r.roundId, `round ${r.roundId} at ${r.tableId} open for ${Math.round((s.now - r.openedAt) / 60_000)} min`);
  }
  if (s.ledger && !s.ledger.ok) {
    add('ledger_check_failing', 'critical', null, `ledger check failed: sum ${s.ledger.sum}, ${s.ledger.mismatches} balance mismatch(es)`);
  }
  return out;
}
