// The bench harness end to end at tiny size, against every server it knows:
// it asserts behaviour only (every broadcast arrived, counts add up, the JSON
// has its fields), never speed — speed belongs in docs/performance.md.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, type BenchRun } from '../../bench/run.ts';
import { SERVER_KINDS, ROOM_SIZE } from '../../bench/protocol.ts';
import type { ScenarioResult } from '../../bench/harness/report.ts';
import type { StepResult } from '../../bench/load/fanout.ts';

describe('bench harness (tiny run)', () => {
  let run: BenchRun;
  let printed = '';
  const byName = (n: string) => run.results.find((r) => r.scenario === n) as ScenarioResult;

  before(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pitboss-bench-')), 'run.json');
    run = await runBench(
      { scenarios: ['fanout', 'idle', 'join-storm', 'evaluator', 'slots', 'mixed'], size: 'tiny', servers: [...SERVER_KINDS], pin: true, jsonOut: file, target: 'bench', quiet: true },
      (s) => (printed += `${s}\n`),
    );
  });

  it('writes a JSON file with the machine, the options and every scenario', () => {
    const saved = JSON.parse(readFileSync(run.file, 'utf8')) as BenchRun;
    assert.equal(saved.options.size, 'tiny');
    assert.ok(saved.machine.cores >= 1 && saved.machine.node.startsWith('v'));
    assert.deepEqual(saved.results.map((r) => r.scenario), ['fanout', 'idle', 'join-storm', 'evaluator', 'slots', 'mixed']);
    for (const r of saved.results) assert.ok(Array.isArray(r.metrics) && Array.isArray(r.notes) && typeof r.values === 'object');
  });

  it('runs every server with no failures', () => {
    for (const name of ['fanout', 'idle', 'join-storm']) {
      const r = byName(name);
      // "<server> failed: …" is a crash or a broken protocol; a slow step is not a failure here.
      assert.deepEqual(r.notes.filter((n) => /^[\w-]+ failed: |errors, first:/.test(n)), [], name);
      assert.deepEqual(Object.keys(r.values).sort(), [...SERVER_KINDS].sort(), name);
    }
  });

  it('delivers every fan-out broadcast to every member of the room', () => {
    const r = byName('fanout');
    for (const kind of SERVER_KINDS) {
      const d = r.detail[kind] as { warmup: StepResult; steps: StepResult[]; check: { total: number; open: number; minReceived: number } };
      for (const s of [d.warmup, ...d.steps]) {
        assert.ok(s.sent > 0, kind);
        assert.equal(s.expected, s.sent * ROOM_SIZE, kind);
        assert.equal(s.received, s.expected, `${kind}: ${s.received}/${s.expected} broadcasts arrived`);
      }
      assert.equal(d.check.open, d.check.total, `${kind}: every client still connected`);
      assert.ok(d.check.minReceived > 0, `${kind}: every client received broadcasts`);
    }
  });

  it('holds and seats every idle and storming client', () => {
    for (const kind of SERVER_KINDS) {
      assert.equal(byName('idle').values[kind].held, byName('idle').params.connections, kind);
      assert.equal(byName('join-storm').values[kind].seated, byName('join-storm').params.clients, kind);
    }
  });

  it('times all three evaluators, which agree on every winner', () => {
    const r = byName('evaluator');
    for (const lib of ['pitboss', 'phe', 'pokersolver']) assert.ok((r.values[lib].perSec ?? 0) > 0, lib);
    assert.match(r.notes.join('\n'), /all three agree/);
  });

  it('settles spins on the real server through the ledger', () => {
    const r = byName('slots');
    assert.deepEqual(r.notes.filter((n) => / failed: /.test(n)), []);
    for (const backend of Object.keys(r.values)) {
      const d = r.detail[backend] as { seat: { seated: number }; spin: { spins: number; errors: Record<string, number> } };
      assert.equal(d.seat.seated, r.params.players, backend);
      assert.ok(d.spin.spins > 0, `${backend}: some spins settled`);
      assert.deepEqual(d.spin.errors, {}, backend);
    }
  });

  it('says plainly which scenarios cannot run yet, and prints a table per scenario', () => {
    assert.match(byName('mixed').notes[0], /not yet runnable: /);
    assert.match(printed, /## fanout[\s\S]*pitboss\/ws-raw/);
  });
});
