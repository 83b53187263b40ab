// The dashboard's panels, read from the parts that own them: tables (manager), players
// online (the connection tracker's view), jackpot meters (the ledger), terminals (the
// monitor), the configuration version terminals acknowledged, alerts and components (given
// as functions by the composition root, which owns them). Each panel is one section of
// view.ts; `statuses` is what the feed watches for the event history.
import type { Ledger } from '../../ledger/index.ts';
import type { TableManager } from '../tables/manager.ts';
import type { TerminalMonitor } from '../terminals/monitor.ts';
import { readMeters, type Meter } from '../promotions/ticker.ts';
import type { TerminalLag } from '../config/lag.ts';

export interface SectionDeps {
  tables: Pick<TableManager, 'page' | 'census' | 'isDraining'>;
  monitor: Pick<TerminalMonitor, 'snapshot' | 'late'>;
  ledger: Ledger;
  playersOnline(): Map<string, { channels: number; tables: string[] }>;
  /** the node at a glance (src/ops/system.ts) */
  system(): unknown;
  alerts(): { active: ReadonlyArray<{ key: string; message: string }>; history: unknown[] };
  /** each component's state as last recorded (availability), when recorded */
  components?(): Array<{ component: string; up: boolean; since: number }>;
  /** the hall's configuration version and the terminals lagging behind it (config/lag.ts) */
  config?(): Promise<{ version: number; lagging: number; terminals: TerminalLag[] }>;
  /** rows per list panel (default 100) */
  rows?: number;
  /** jackpot meters and terminals' configuration acks are read at most this often (default 2 s): ledger reads */
  jackpotsEveryMs?: number;
}

export function dashboardSections(deps: SectionDeps) {
  const rows = deps.rows ?? 100;
  let meters: { at: number; list: Meter[] } | null = null;
  const jackpots = async () => {
    const now = Date.now();
    if (!meters || now - meters.at >= (deps.jackpotsEveryMs ?? 2000)) meters = { at: now, list: await readMeters(deps.ledger) };
    return meters.list.map((m) => ({ id: m.id, name: m.name, amount: m.amount, cycle: m.cycle }));
  };
  let lag: { at: number; value: Awaited<ReturnType<NonNullable<SectionDeps['config']>>> } | null = null;
  const config = async () => {
    if (!deps.config) return null;
    const now = Date.now();
    if (!lag || now - lag.at >= (deps.jackpotsEveryMs ?? 2000)) lag = { at: now, value: await deps.config() };
    const v = lag.value;
    return { version: v.version, lagging: v.lagging, terminals: v.terminals.filter((t) => t.lag).slice(0, rows) };
  };
  return {
    async sections(): Promise<Record<string, unknown>> {
      const page = deps.tables.page({ limit: rows });
      const online = deps.playersOnline();
      const alerts = deps.alerts();
      const terminals = deps.monitor.snapshot();
      return {
        system: deps.system(),
        tables: {
          census: deps.tables.census(),
          list: page.tables.map((t) => ({ ...t, state: deps.tables.isDraining(t['id'] as string) ? 'draining' : 'open' })),
          more: page.next !== null,
        },
        players: {
          total: online.size,
          list: [...online.keys()].sort().slice(0, rows).map((id) => ({ player_id: id, ...online.get(id)! })),
        },
        jackpots: { list: await jackpots() },
        terminals: {
          counts: { online: terminals.filter((t) => t.status === 'online').length, offline: terminals.filter((t) => t.status === 'offline').length, hung: terminals.filter((t) => t.status === 'hung').length },
          list: terminals.slice(0, rows * 5),
          late: deps.monitor.late({ limit: 50 }),
        },
        alerts: { active: alerts.active, history: alerts.history.slice(-50).reverse() },
        availability: { components: deps.components?.() ?? [] },
        ...(deps.config ? { config: await config() } : {}),
      };
    },
    statuses(): Array<{ key: string; section: string; status: string; detail?: string }> {
      return [
        ...deps.monitor.snapshot().map((t) => ({ key: `terminal:${t.id}`, section: 'terminals', status: t.status })),
        ...deps.alerts().active.map((a) => ({ key: `alert:${a.key}`, section: 'alerts', status: 'firing', detail: a.message })),
        ...(deps.components?.() ?? []).map((c) => ({ key: c.component, section: 'availability', status: c.up ? 'up' : 'down' })),
      ];
    },
  };
}
