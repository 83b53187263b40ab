// The alert rules and the book: each rule against its threshold, and the book's promise —
// an alert fires once however many samples repeat it, and resolves once when it is gone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AlertBook, DEFAULT_THRESHOLDS, evaluate, type Finding } from '../../src/ops/alerts/index.ts';

const T = { ...DEFAULT_THRESHOLDS, memoryBytes: 100, minMessageRate: 1, minSocketsForRate: 5, maxCrashes: 3, roundStuckMs: 60_000 };
const keys = (fs: Finding[]) => fs.map((f) => f.key).sort();

describe('alert rules', () => {
  it('each rule fires past its threshold and not at it', () => {
    const now = 1_000_000;
    assert.deepEqual(keys(evaluate({ now, rssBytes: 100 }, T)), []);
    assert.deepEqual(keys(evaluate({ now, rssBytes: 101 }, T)), ['memory_high']);
    // A quiet hall is not an alert: the rate counts only with enough sockets open.
    assert.deepEqual(keys(evaluate({ now, sockets: 4, messageRate: 0 }, T)), []);
    assert.deepEqual(keys(evaluate({ now, sockets: 5, messageRate: 0.5 }, T)), ['message_rate_low']);
    assert.deepEqual(keys(evaluate({ now, sockets: 5, messageRate: 1 }, T)), []);
    assert.deepEqual(keys(evaluate({ now, recentCrashes: 2 }, T)), []);
    assert.deepEqual(keys(evaluate({ now, recentCrashes: 3 }, T)), ['crash_rate_high']);
    assert.deepEqual(keys(evaluate({ now, offlineTerminals: [{ id: 'cab-1', lastSeen: null }, { id: 'cab-2', lastSeen: now - 5000 }] }, T)),
      ['terminal_offline:cab-1', 'terminal_offline:cab-2']);
    assert.deepEqual(keys(evaluate({ now, stuckRounds: [{ roundId: 'r1', tableId: 't', openedAt: now - 59_999 }, { roundId: 'r2', tableId: 't', openedAt: now - 60_000 }] }, T)),
      ['round_stuck:r2']);
    assert.deepEqual(keys(evaluate({ now, ledger: { ok: true, sum: 0, mismatches: 0 } }, T)), []);
    const [l] = evaluate({ now, ledger: { ok: false, sum: 7, mismatches: 1 } }, T);
    assert.equal(l!.key, 'ledger_check_failing');
    assert.equal(l!.severity, 'critical');
    assert.match(l!.message, /sum 7, 1 balance mismatch/);
  });
});

describe('the alert book', () => {
  const f = (key: string): Finding => ({ key, rule: 'memory_high', severity: 'warning', subject: null, message: key });

  it('fires once while a finding repeats, resolves once when it is gone, and fires anew if it returns', () => {
    const b = new AlertBook();
    assert.deepEqual(b.update([f('a')], 1).map((t) => t.kind), ['fired']);
    for (let i = 2; i < 10; i++) assert.deepEqual(b.update([f('a')], i), []);
    assert.equal(b.active()[0]!.lastSeen, 9);
    assert.deepEqual(b.update([], 10).map((t) => [t.kind, t.alert.since]), [['resolved', 1]]);
    assert.deepEqual(b.update([], 11), []);
    assert.deepEqual(b.update([f('a')], 12).map((t) => [t.kind, t.alert.since]), [['fired', 12]]);
    assert.deepEqual(b.history().map((t) => t.kind), ['fired', 'resolved', 'fired']);
  });

  it('a finding must hold for holdMs before it fires; one that flickers never does', () => {
    const b = new AlertBook({ holdMs: 100 });
    assert.deepEqual(b.update([f('x')], 0), []);
    assert.deepEqual(b.update([], 50), []);
    assert.deepEqual(b.update([f('x')], 60), []);
    assert.deepEqual(b.update([f('x')], 159), []);
    assert.deepEqual(b.update([f('x')], 160).map((t) => t.kind), ['fired']);
    assert.deepEqual(b.active().map((a) => a.since), [160]);
  });

  it('property: fired and resolved alternate per key, and fires equal the rising edges of its presence', () => {
    fc.assert(fc.property(fc.array(fc.subarray(['a', 'b', 'c']), { maxLength: 40 }), (samples) => {
      const b = new AlertBook();
      samples.forEach((present, i) => b.update(present.map(f), i));
      for (const key of ['a', 'b', 'c']) {
        const kinds = b.history().filter((t) => t.alert.key === key).map((t) => t.kind);
        kinds.forEach((k, i) => assert.equal(k, i % 2 === 0 ? 'fired' : 'resolved'));
        let rising = 0;
        samples.forEach((p, i) => { if (p.includes(key) && (i === 0 || !samples[i - 1]!.includes(key))) rising++; });
        assert.equal(kinds.filter((k) => k === 'fired').length, rising);
        assert.equal(b.active().some((a) => a.key === key), samples.length > 0 && samples[samples.length - 1]!.includes(key));
      }
    }));
  });
});
