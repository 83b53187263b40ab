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
import { MIXED_GAMES } from '../../bench/protocol.ts';

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

  it('plays all five games at once on the real server, and the ledger balances afterwards', () => {
    const r = byName('mixed');
    assert.deepEqual(r.notes.filter((n) => / failed: |not seated|NO round|NOT a timing race|LEDGER|not idle/.test(n)), []);
    const d = r.detail as { seat: { seated: Record<string, number> }; play: { games: Record<string, { rounds: number; ok: number; actions: number; refused: Record<string, number>; moves: Record<string, number> }> }; ledger: Record<string, unknown> };
    const players = r.params.players as Record<string, number>;
    for (const g of MIXED_GAMES) {
      assert.equal(d.seat.seated[g], players[g], `${g}: every bot seated`);
      const x = d.play.games[g];
      assert.ok(x.rounds >= 1, `${g}: at least one round settled while playing`);
      assert.ok(x.ok >= 1 && (r.values[g].p50 ?? 0) > 0, `${g}: actions answered ok, latency measured`);
      // Refusals other than timing races (a view a moment old) would be a bot or server bug.
      for (const reason of Object.keys(x.refused)) assert.ok(['not_your_turn', 'round_closed', 'invalid_action'].includes(reason), `${g}: refused ${reason}`);
    }
    assert.ok((d.play.games['blackjack'].moves['bet'] ?? 0) > 0 && (d.play.games['blackjack'].moves['stand'] ?? 0) > 0, 'blackjack bots bet and stand');
    assert.ok((d.play.games['holdem'].moves['check'] ?? 0) + (d.play.games['holdem'].moves['call'] ?? 0) > 0, 'hold\'em bots check or call');
    assert.equal(d.ledger['sum'], 0, 'the sum over all accounts is 0');
    assert.equal(d.ledger['open_rounds'], 0, 'no round left open after the wind-down');
    assert.equal(d.ledger['ok'], true);
    assert.equal(r.values['all'].ledgerSum, 0);
    assert.ok((r.values['all'].heapPerPlayer ?? 0) > 0 && (r.values['all'].serverCpu ?? 0) > 0);
  });

  it('prints a table per scenario', () => {
    assert.match(printed, /## fanout[\s\S]*pitboss\/ws-raw/);
    assert.match(printed, /## mixed[\s\S]*blackjack[\s\S]*holdem/);
  });
});

describe('bench harness with --target tables (tiny run, Pitboss only)', () => {
  let run: BenchRun;
  const byName = (n: string) => run.results.find((r) => r.scenario === n) as ScenarioResult;

  before(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pitboss-bench-')), 'run.json');
    run = await runBench({ scenarios: ['fanout', 'idle'], size: 'tiny', servers: ['pitboss'], pin: true, jsonOut: file, target: 'tables', quiet: true }, () => {});
  });

  it('broadcasts table chat to every member of every real table', () => {
    const r = byName('fanout');
    assert.deepEqual(r.notes.filter((n) => / failed: |errors, first:/.test(n)), []);
    assert.match(r.notes.join('\n'), /table:<id>/);
    const d = r.detail['pitboss'] as { warmup: StepResult; steps: StepResult[]; check: { total: number; open: number; minReceived: number } };
    for (const s of [d.warmup, ...d.steps]) {
      assert.ok(s.sent > 0);
      assert.equal(s.expected, s.sent * ROOM_SIZE);
      assert.equal(s.received, s.expected, `${s.received}/${s.expected} chat broadcasts arrived`);
      assert.equal(s.acked, s.sent, 'every chat answered ok');
    }
    assert.equal(d.check.open, d.check.total);
    assert.ok(d.check.minReceived > 0, 'every member received chat');
  });

  it('holds every guest connection at real tables, one table per room', () => {
    const r = byName('idle');
    assert.deepEqual(r.notes.filter((n) => / failed: |errors, first:/.test(n)), []);
    assert.equal(r.values['pitboss'].held, r.params.connections);
    const d = r.detail['pitboss'] as { join: { joined: number; tables: number } };
    assert.equal(d.join.joined, r.params.connections);
    assert.equal(d.join.tables, Number(r.params.connections) / ROOM_SIZE, 'every room on a table of its own');
    assert.ok((r.values['pitboss'].heapPerTable ?? 0) > 0);
  });
});
