// The capacity issue's targets for this 2-core machine, checked against a run. Reported,
// never asserted: a missed target is a gap to state, not a failing build. A figure measured
// while the load generator was near a whole core is neither met nor missed: it is shown as
// generator-bound (report.ts) and not claimed.
import { isGeneratorBound, type ScenarioResult } from './report.ts';

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
}

interface Figure {
  value: number | null;
  bound: boolean;
}

type Find = (scenario: string, impl: string, key: string) => Figure;

function finder(results: ScenarioResult[]): Find {
  return (scenario, impl, key) => {
    const r = results.find((x) => x.scenario === scenario);
    const v = r?.values[impl]?.[key];
    return { value: typeof v === 'number' && Number.isFinite(v) ? v : null, bound: r ? isGeneratorBound(r, impl, key) : false };
  };
}

const n0 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const n2 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

function row(target: string, f: Figure, ok: (v: number) => boolean, show: (v: number) => string): TargetRow {
  if (f.value === null) return { target, measured: 'not measured', met: null };
  if (f.bound) return { target, measured: `${show(f.value)} (generator-bound, not claimed)`, met: null };
  return { target, measured: show(f.value), met: ok(f.value) };
}

function ratio(a: Figure, b: Figure): Figure {
  return { value: a.value === null || b.value === null || b.value === 0 ? null : a.value / b.value, bound: a.bound || b.bound };
}

/** The worst of several figures (every game's p99): bound if any is. */
function worst(fs: Figure[]): Figure {
  const vs = fs.filter((f) => f.value !== null);
  if (vs.length === 0) return { value: null, bound: false };
  return { value: Math.max(...vs.map((f) => f.value!)), bound: vs.some((f) => f.bound) };
}

const GAMES = ['slots', 'roulette', 'baccarat', 'blackjack', 'holdem'];

export function checkTargets(results: ScenarioResult[]): TargetRow[] {
  const f = finder(results);
  const mixedP99 = worst(GAMES.map((g) => f('mixed', g, 'p99')));
  const mixedPgP99 = worst(GAMES.map((g) => f('mixed-pg', g, 'p99')));
  return [
    row('slots, PostgreSQL: ≥ 10,000 settled spins/s', f('slots', 'postgres', 'perSec'), (v) => v >= 10_000, n0),
    row('slots, embedded default: ≥ 3,000 settled spins/s', f('slots', 'pglite (memory)', 'perSec'), (v) => v >= 3_000, n0),
    row('slots, embedded: p99 of a ping on another table ≤ 20 ms during the run', f('slots', 'pglite (memory)', 'pingP99'), (v) => v <= 20, (v) => `${n2(v)} ms`),
    row('mixed, embedded: 1,000 seated bots', f('mixed', 'all', 'players'), (v) => v >= 1000, n0),
    row('mixed, embedded: p99 action→reply ≤ 100 ms for every game', mixedP99, (v) => v <= 100, (v) => `${n2(v)} ms`),
    row('mixed, PostgreSQL: 3,000 seated bots', f('mixed-pg', 'all', 'players'), (v) => v >= 3000, n0),
    row('mixed, PostgreSQL: server ≤ 1 core', f('mixed-pg', 'all', 'serverCpu'), (v) => v <= 1, n2),
    row('mixed, PostgreSQL: p99 action→reply ≤ 100 ms for every game', mixedPgP99, (v) => v <= 100, (v) => `${n2(v)} ms`),
    row('mixed, PostgreSQL: ledger sum 0 and no round open', f('mixed-pg', 'all', 'ledgerSum'), (v) => v === 0 && f('mixed-pg', 'all', 'openRounds').value === 0, n0),
    row('idle: ≤ 8 KB heap per seated player with its own slots table', f('seated', 'idle', 'heapPerPlayer'), (v) => v <= 8192, (v) => `${n0(v)} B`),
    row('idle: ≤ 4 KB per idle table of six (bench room)', f('idle', 'pitboss', 'heapPerTable'), (v) => v <= 4096, (v) => `${n0(v)} B`),
    row('fan-out: p99 at half saturation ≤ 1.5 × raw ws', ratio(f('fanout', 'pitboss', 'halfP99'), f('fanout', 'ws-raw', 'halfP99')), (v) => v <= 1.5, (v) => `${n2(v)}×`),
    row('fan-out: saturation ≥ 1.0 × raw ws', ratio(f('fanout', 'pitboss', 'satActions'), f('fanout', 'ws-raw', 'satActions')), (v) => v >= 1.0, (v) => `${n2(v)}×`),
    row('18,000 connections in one process', f('idle', 'pitboss', 'held'), (v) => v >= 18_000, n0),
    row('evaluator ≥ 20 M evaluations/s', f('evaluator', 'pitboss', 'perSec'), (v) => v >= 20e6, (v) => `${n2(v / 1e6)} M`),
  ];
}
