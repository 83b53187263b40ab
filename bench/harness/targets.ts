// The targets for this 2-core machine, checked against a run. Reported,
// never asserted: a missed target is a gap to state, not a failing build.
import type { ScenarioResult } from './report.ts';

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
}

type Find = (scenario: string, impl: string, key: string) => number | null;

function finder(results: ScenarioResult[]): Find {
  return (scenario, impl, key) => {
    const v = results.find((r) => r.scenario === scenario)?.values[impl]?.[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
}

const n0 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const n2 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

function row(target: string, value: number | null, ok: (v: number) => boolean, show: (v: number) => string): TargetRow {
  return value === null ? { target, measured: 'not measured', met: null } : { target, measured: show(value), met: ok(value) };
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

export function checkTargets(results: ScenarioResult[]): TargetRow[] {
  const f = finder(results);
  const sat = (impl: string) => f('fanout', impl, 'satActions');
  const peak = (impl: string) => f('fanout', impl, 'peakActions');
  return [
    row('fan-out saturation ≥ 0.8 × raw ws', ratio(sat('pitboss'), sat('ws-raw')), (v) => v >= 0.8, (v) => `${n2(v)}×`),
    row('fan-out saturation ≥ 1.5 × Socket.IO', ratio(sat('pitboss'), sat('socketio')), (v) => v >= 1.5, (v) => `${n2(v)}×`),
    row('(peak rate with p50 ≤ 15 ms) ≥ 0.8 × raw ws', ratio(peak('pitboss'), peak('ws-raw')), (v) => v >= 0.8, (v) => `${n2(v)}×`),
    row('(peak rate with p50 ≤ 15 ms) ≥ 1.5 × Socket.IO', ratio(peak('pitboss'), peak('socketio')), (v) => v >= 1.5, (v) => `${n2(v)}×`),
    row('p99 ≤ 15 ms at half of saturation', f('fanout', 'pitboss', 'halfP99'), (v) => v <= 15, (v) => `${n2(v)} ms`),
    row('18,000 connections in one process', f('idle', 'pitboss', 'held'), (v) => v >= 18_000, n0),
    row('≤ 4 KB heap per idle connection (seated)', f('idle', 'pitboss', 'heapPerSeated'), (v) => v <= 4096, (v) => `${n0(v)} B`),
    row('idle table ≤ 4 KB (bench room: 6 joins + room)', f('idle', 'pitboss', 'heapPerTable'), (v) => v <= 4096, (v) => `${n0(v)} B`),
    row('idle table ≤ 4 KB (real slots table, per seated player incl. its socket and channels)', f('slots', 'postgres', 'heapPerPlayer'), (v) => v <= 4096, (v) => `${n0(v)} B`),
    row('slots on PostgreSQL ≥ 10,000 settled spins/s', f('slots', 'postgres', 'perSec'), (v) => v >= 10_000, n0),
    row('(ledger alone, PostgreSQL, group commit) ≥ 10,000 settled bets/s', f('ledger', 'postgres gc on', 'perSec'), (v) => v >= 10_000, n0),
    row('evaluator ≥ 20 M evaluations/s', f('evaluator', 'pitboss', 'perSec'), (v) => v >= 20e6, (v) => `${n2(v / 1e6)} M`),
    row('evaluator ≥ 100 × pokersolver', ratio(f('evaluator', 'pitboss', 'perSec'), f('evaluator', 'pokersolver', 'perSec')), (v) => v >= 100, (v) => `${n0(v)}×`),
  ];
}
