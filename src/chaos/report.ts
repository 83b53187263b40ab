// The report `pitboss chaos` prints at the end (pure: a result in, lines out). The test in
// test/chaos reads its key lines, so their wording is kept stable: "faults injected",
// "tables moved", "rounds completed", "actions refused", "failed to rejoin", and one line
// per check with PASS or FAIL, then "chaos: PASS" or "chaos: FAIL".
import type { Checks } from './checks.ts';
import type { Move } from './directory.ts';
import type { FaultRecord } from './faults.ts';
import { FAULT_KINDS } from './options.ts';

export interface GameFigures {
  players: number;
  tables: number;
  actions: number;
  rounds: number;
  roundsAll: number;
  refused: Record<string, number>;
  refusedOutsidePlay: Record<string, number>;
}

export interface ChaosResult {
  nodes: number;
  durationMs: number;
  seed: number;
  bots: number;
  faults: FaultRecord[];
  moves: Move[];
  /** Tables of a faulted node whose claim never changed, by fault kind. */
  stayed: Record<string, number>;
  lost: string[];
  /** Tables the table_crash faults killed (own group: from the nodes' stderr), and how many are listed at the end. */
  crashed: string[];
  crashedBack: number;
  noTableToCrash: number;
  attached: boolean;
  /** Followed tables whose claim went away (closed for good) while followed. */
  closed: string[];
  /** Claimed tables whose holder no longer holds the lease it claimed under, at the end: nobody serves them. */
  orphans: string[];
  games: Record<string, GameFigures>;
  rejoin: { errors: number; rejoins: number; awayMs: number[]; resumed: number; resumedEvents: number; tooOld: number; resumeFailed: Record<string, number> };
  reseats: { ok: number; refused: Record<string, number> };
  failedToRejoin: string[];
  stuck: string[];
  socketCloses: number;
  checks: Checks;
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const rpad = (s: string | number, n: number) => String(s).padStart(n);
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export function renderReport(r: ChaosResult): string[] {
  const out: string[] = [];
  out.push(`pitboss chaos: ${r.nodes} nodes, ${Math.round(r.durationMs / 1000)} s of faults, seed ${r.seed}, ${r.bots} bots (all five games, official phoenix client)`);
  out.push('');
  out.push(`faults injected: ${r.faults.filter((f) => f.skipped === undefined).length}`);
  out.push(`  ${pad('kind', 12)} ${rpad('count', 5)}  detail`);
  for (const k of FAULT_KINDS) {
    const fs = r.faults.filter((f) => f.kind === k);
    if (fs.length === 0) continue;
    const done = fs.filter((f) => f.skipped === undefined);
    let detail = '';
    if (k === 'sigkill' || k === 'sigterm') {
      const ms = done.filter((f) => f.restartMs !== undefined).map((f) => f.restartMs!);
      detail = `node back up after p50 ${pct(ms, 50)} ms, max ${Math.max(0, ...ms)} ms${done.some((f) => f.error) ? `; ${done.filter((f) => f.error).length} did not come back` : ''}`;
    } else if (k === 'redis_drop') detail = `${done.reduce((n, f) => n + (f.connections ?? 0), 0)} connections closed`;
    else detail = r.attached ? 'SIGUSR2 sent (which table: not seen, an attached group\'s stderr is not ours)'
      : `tables killed: ${r.crashed.length}; listed again at the end: ${r.crashedBack}${r.noTableToCrash ? `; ${r.noTableToCrash} found no live table on their node` : ''}`;
    const skipped = fs.length - done.length;
    out.push(`  ${pad(k, 12)} ${rpad(done.length, 5)}  ${detail}${skipped ? ` (${skipped} skipped: ${fs.find((f) => f.skipped)!.skipped})` : ''}`);
  }
  out.push('');
  const ms = r.moves.map((m) => m.ms);
  out.push(`tables moved: ${r.moves.length} (fault to new claim listed: p50 ${pct(ms, 50)} ms, p90 ${pct(ms, 90)} ms, max ${Math.max(0, ...ms)} ms); stayed with their node: ${sum(r.stayed)}${sum(r.stayed) ? ` (${Object.entries(r.stayed).map(([k, n]) => `${n} after ${k}`).join(', ')})` : ''}; not served at the end: ${r.lost.length}${r.lost.length ? ` (${r.lost.join(', ')})` : ''}; closed meanwhile: ${r.closed.length}${r.closed.length ? ` (${r.closed.join(', ')})` : ''}`);
  for (const k of ['sigkill', 'sigterm', 'redis_drop'] as const) {
    const m = r.moves.filter((x) => x.kind === k).map((x) => x.ms);
    if (m.length > 0) out.push(`  after ${pad(k, 10)} ${rpad(m.length, 4)} tables, p50 ${pct(m, 50)} ms, max ${Math.max(...m)} ms`);
  }
  out.push('');
  const games = Object.entries(r.games);
  const rounds = games.reduce((n, [, g]) => n + g.rounds, 0);
  out.push(`rounds completed: ${rounds} while playing (${games.reduce((n, [, g]) => n + g.roundsAll, 0)} with the wind-down)`);
  out.push(`  ${pad('game', 10)} ${rpad('bots', 5)} ${rpad('tables', 6)} ${rpad('actions', 8)} ${rpad('rounds', 7)} ${rpad('refused', 8)}`);
  for (const [g, f] of games) out.push(`  ${pad(g, 10)} ${rpad(f.players, 5)} ${rpad(f.tables, 6)} ${rpad(f.actions, 8)} ${rpad(f.rounds, 7)} ${rpad(sum(f.refused), 8)}`);
  out.push('');
  const refused: Record<string, number> = {};
  for (const [, g] of games) for (const [k, n] of Object.entries({ ...g.refused })) refused[k] = (refused[k] ?? 0) + n;
  const outside: Record<string, number> = {};
  for (const [, g] of games) for (const [k, n] of Object.entries(g.refusedOutsidePlay)) outside[k] = (outside[k] ?? 0) + n;
  out.push(`actions refused: ${sum(refused)} while playing${sum(outside) ? `, ${sum(outside)} while seating or winding down` : ''}`);
  for (const [k, n] of Object.entries(refused).sort((a, b) => b[1] - a[1])) out.push(`  ${pad(k, 22)} ${rpad(n, 6)}`);
  for (const [k, n] of Object.entries(outside).sort((a, b) => b[1] - a[1])) out.push(`  ${pad(`${k} (outside play)`, 22)} ${rpad(n, 6)}`);
  out.push('');
  const j = r.rejoin;
  out.push(`clients: ${j.errors} table channel errors, ${r.socketCloses} socket closes, ${j.rejoins} table channels rejoined (away p50 ${pct(j.awayMs, 50)} ms, max ${Math.max(0, ...j.awayMs)} ms)`);
  out.push(`  resume after rejoin: ${j.resumed} answered with ${j.resumedEvents} missed events, ${j.tooOld} too_old (fresh state)${sum(j.resumeFailed) ? `, failed ${JSON.stringify(j.resumeFailed)}` : ''}`);
  out.push(`  sat again (the table restarted or moved without their seat): ${r.reseats.ok}${sum(r.reseats.refused) ? `, refused ${JSON.stringify(r.reseats.refused)}` : ''}`);
  out.push(`  failed to rejoin: ${r.failedToRejoin.length}${r.failedToRejoin.length ? ` (${r.failedToRejoin.slice(0, 5).join('; ')})` : ''}`);
  if (r.stuck.length > 0) out.push(`  bots not idle after the wind-down: ${r.stuck.length} (${r.stuck.slice(0, 3).join('; ')})`);
  out.push('');
  const c = r.checks;
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  out.push('checks');
  out.push(`  ${mark(c.ledger.ok && c.ledger.sum === 0)}  ledger check: sum ${c.ledger.sum} over ${c.ledger.accounts} accounts, ${c.ledger.transactions} transactions, ${c.ledger.negative_balances} negative balances`);
  out.push(`  ${mark(c.audit.ok)}  audit verify: ${c.audit.rows} rows, ${c.audit.problems} problems`);
  out.push(`  ${mark(c.ledger.open_rounds === 0)}  open rounds: ${c.ledger.open_rounds}`);
  out.push(`  ${mark(r.orphans.length === 0)}  tables served: ${r.orphans.length === 0 ? 'every claimed table held by a live node' : `${r.orphans.length} orphaned (${r.orphans.slice(0, 5).join(', ')}): no node took them over`}`);
  out.push(`  ${mark(c.mismatches.length === 0)}  balances: ${c.players - c.mismatches.length} of ${c.players} players hold their start balance + their settled rounds${c.mismatches.length ? ` (${c.mismatches.slice(0, 5).map((m) => `${m.name} holds ${m.holds}, expected ${m.expected}`).join('; ')})` : ''}`);
  out.push('');
  out.push(`chaos: ${mark(passed(r))}`);
  return out;
}

/** The drill passes when the money checks pass and every table is served at the end. */
export const passed = (r: ChaosResult): boolean => r.checks.ok && r.orphans.length === 0;
