// Generator-bound figures: a step where the load generator neared a whole core is shown
// marked, gives no ratio against a peer, and meets or misses no target.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOUND_MARK, boundNotes, markGeneratorBound, tableRows, type ScenarioResult } from '../../bench/harness/report.ts';
import { checkTargets } from '../../bench/harness/targets.ts';

function fanout(pitbossLoadCpu: number): ScenarioResult {
  const r: ScenarioResult = {
    scenario: 'fanout', params: {}, detail: {}, notes: [],
    metrics: [{ key: 'satActions', label: 'saturation actions/s', better: 'higher' }, { key: 'halfP99', label: 'p99', better: 'lower' }],
    values: { pitboss: { satActions: 12_000, halfP99: 3 }, 'ws-raw': { satActions: 10_000, halfP99: 4 } },
  };
  markGeneratorBound(r, 'pitboss', pitbossLoadCpu, ['satActions']);
  return r;
}

describe('bench report: generator-bound steps', () => {
  it('claims a ratio when the generator stayed under 0.8 of a core', () => {
    const r = fanout(0.8);
    assert.deepEqual(tableRows(r)[1], ['saturation actions/s (↑)', '12,000', '10,000', '1.20×']);
    assert.deepEqual(boundNotes(r), []);
    const sat = checkTargets([r]).find((t) => t.target.startsWith('fan-out: saturation'))!;
    assert.deepEqual([sat.measured, sat.met], ['1.2×', true]);
  });

  it('marks the figure, claims no ratio and meets no target above it', () => {
    const r = fanout(0.93);
    assert.deepEqual(tableRows(r)[1], ['saturation actions/s (↑)', `12,000 ${BOUND_MARK}`, '10,000', `not claimed ${BOUND_MARK}`]);
    assert.deepEqual(tableRows(r)[2], ['p99 (↓)', '3', '4', '0.75×'], 'the other metrics of the run are unaffected');
    assert.match(boundNotes(r)[0], /generator-bound \(pitboss\)/);
    const sat = checkTargets([r]).find((t) => t.target.startsWith('fan-out: saturation'))!;
    assert.deepEqual([sat.measured, sat.met], ['1.2× (generator-bound, not claimed)', null]);
  });
});
