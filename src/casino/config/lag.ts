// Which terminals run the hall's configuration version and which lag behind it: read by the
// admin route (GET /api/admin/config/terminals) and the dashboard's `config` panel alike.
import type { Terminal } from '../terminals/directory.ts';

export interface TerminalLag {
  id: string;
  location: string;
  disabled: boolean;
  /** the last version it acknowledged, null if never */
  config_version: number | null;
  acked_at: string | null;
  lag: boolean;
}

export function terminalLag(version: number, acks: ReadonlyArray<{ terminalId: string; version: number; ackedAt: string }>, terminals: readonly Terminal[]): { version: number; lagging: number; terminals: TerminalLag[] } {
  const byId = new Map(acks.map((a) => [a.terminalId, a]));
  const list = terminals.map((t) => {
    const ack = byId.get(t.id);
    const acked = ack?.version ?? null;
    // Never acknowledged counts as lagging too: nobody knows what it runs.
    return { id: t.id, location: t.location, disabled: t.disabledAt !== null, config_version: acked, acked_at: ack?.ackedAt ?? null, lag: acked === null || acked < version };
  });
  return { version, lagging: list.filter((t) => t.lag && !t.disabled).length, terminals: list };
}
