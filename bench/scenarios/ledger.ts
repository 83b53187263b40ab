// ledger: settled bets per second through the real ledger (open a round with the
// stake in escrow, then settle it: two ledger transactions), on PGlite and on
// PostgreSQL, with and without group commit. This is the money half of the
// `slots` scenario, runnable before tables (#5) exist; the work itself is
// bench/ledger.ts (the ledger's own benchmark), run here in a pinned process
// and its table parsed. PostgreSQL runs as its own, unpinned, server process.
import type { ScenarioResult } from '../harness/report.ts';
import { placement, runScript } from '../harness/processes.ts';
import { bySize, type Scenario } from './context.ts';

/** Rows of bench/ledger.ts's table: backend, group commit, settled bets, settled bets/s. */
export function parseLedgerTable(out: string): Array<{ backend: string; groupCommit: string; bets: number; perSec: number }> {
  const lines = out.trim().split('\n');
  const head = lines.findIndex((l) => l.startsWith('backend'));
  if (head < 0) throw new Error(`unexpected bench/ledger.ts output: ${out.slice(0, 200)}`);
  return lines.slice(head + 1).map((l) => {
    const [backend, groupCommit, bets, perSec] = l.trim().split(/\s{2,}/);
    return { backend, groupCommit, bets: Number(bets), perSec: Number(perSec) };
  });
}

export const ledger: Scenario = {
  name: 'ledger',
  summary: 'settled bets/s through the ledger, PGlite and PostgreSQL, group commit off/on',
  steps: () => 1,
  async run(ctx) {
    const seconds = bySize(ctx, { tiny: 1, quick: 1, full: 5 });
    const backends = bySize(ctx, { tiny: 'pglite-memory', quick: 'pglite-memory,postgres', full: 'pglite,postgres' });
    const r: ScenarioResult = {
      scenario: 'ledger', params: { seconds, backends, clients: 64, players: 200 }, detail: {}, values: {}, notes: [],
      metrics: [{ key: 'perSec', label: 'settled bets/s', better: 'higher' }],
    };
    ctx.progress.phase(`ledger: ${backends}, ${seconds} s each`);
    try {
      const out = await runScript('ledger.ts', ['--seconds', String(seconds), '--backends', backends], placement(ctx.pin).server);
      for (const row of parseLedgerTable(out)) r.values[`${row.backend} gc ${row.groupCommit}`] = { perSec: row.perSec };
      r.detail.output = out;
    } catch (e) {
      r.notes.push(`ledger failed: ${(e as Error).message.split('\n')[0]}`);
    }
    r.notes.push('a bet = open round + settle = two ledger transactions, no game and no socket; the full path (spin through a table) is the slots scenario');
    ctx.progress.tick();
    return r;
  },
};
