// The terminal monitor on a hand-driven clock: online, offline and hung are functions of
// time, so every threshold is crossed by moving the clock, never by sleeping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalMonitor } from '../../../src/casino/index.ts';

function monitor() {
  const clock = { t: Date.UTC(2026, 11, 5, 8, 0, 0) };
  const m = new TerminalMonitor({ offlineMs: 30_000, hungMs: 60_000, lateMs: 10_000, now: () => clock.t });
  return { m, advance: (ms: number) => void (clock.t += ms), clock };
}

describe('TerminalMonitor', () => {
  it('shows a known terminal that never connected as offline, never seen', () => {
    const { m } = monitor();
    m.known(['T1']);
    assert.equal(m.status('T1'), 'offline');
    assert.equal(m.view('T1')!.last_seen, null);
    assert.equal(m.status('never-heard-of'), 'offline');
  });

  it('is online from the join, and offline once nothing is heard for longer than offlineMs', () => {
    const { m, advance } = monitor();
    m.connected('T1');
    assert.equal(m.status('T1'), 'online');
    advance(30_000);
    assert.equal(m.status('T1'), 'online', 'exactly offlineMs is still in time');
    advance(1);
    assert.equal(m.status('T1'), 'offline', 'joined but silent');
    m.heartbeat('T1', { seq: 1, progress: 1 });
    assert.equal(m.status('T1'), 'online', 'a heartbeat brings it back');
    advance(29_000);
    m.heartbeat('T1', { seq: 2, progress: 2 });
    advance(29_000);
    assert.equal(m.status('T1'), 'online');
  });

  it('is offline as soon as its channel leaves, even with a fresh heartbeat, and keeps its last seen', () => {
    const { m, advance, clock } = monitor();
    m.connected('T1');
    m.heartbeat('T1', { progress: 1 });
    const seen = new Date(clock.t).toISOString();
    advance(1000);
    m.disconnected('T1');
    assert.equal(m.status('T1'), 'offline');
    assert.equal(m.view('T1')!.last_seen, seen);
    assert.equal(m.view('T1')!.connected, false);
  });

  it('stays online through a reconnect whose new channel joins before the old one ends', () => {
    const { m } = monitor();
    m.connected('T1');
    m.connected('T1');
    m.disconnected('T1');
    assert.equal(m.status('T1'), 'online');
    m.disconnected('T1');
    assert.equal(m.status('T1'), 'offline');
    m.disconnected('T1');
    m.connected('T1');
    assert.equal(m.status('T1'), 'online', 'an extra leave never drives the count below zero');
  });

  it('is hung when heartbeats keep coming but the progress counter has not moved for longer than hungMs', () => {
    const { m, advance } = monitor();
    m.connected('T1');
    for (let i = 0; i < 6; i++) {
      m.heartbeat('T1', { seq: i, progress: 7 });
      advance(10_000);
    }
    m.heartbeat('T1', { seq: 6, progress: 7 });
    assert.equal(m.status('T1'), 'online', '60 s without progress is not yet hung');
    advance(1);
    m.heartbeat('T1', { seq: 7, progress: 7 });
    assert.equal(m.status('T1'), 'hung');
    m.heartbeat('T1', { seq: 8, progress: 8 });
    assert.equal(m.status('T1'), 'online', 'progress again');
  });

  it('calls a hung terminal offline once its heartbeats stop too', () => {
    const { m, advance } = monitor();
    m.connected('T1');
    m.heartbeat('T1', { progress: 1 });
    advance(61_000);
    assert.equal(m.status('T1'), 'offline');
  });

  it('marks events late when their terminal time is older than their arrival by more than lateMs, newest first', () => {
    const { m, clock } = monitor();
    assert.deepEqual(m.delivered('T1', 'cash_in', 'k1', clock.t - 10_000), { late: false, delayMs: 10_000 });
    assert.deepEqual(m.delivered('T1', 'cash_in', 'k2', clock.t - 10_001), { late: true, delayMs: 10_001 });
    assert.deepEqual(m.delivered('T2', 'ticket', 'k3', clock.t - 3_600_000), { late: true, delayMs: 3_600_000 });
    assert.deepEqual(m.delivered('T1', 'cash_in', 'k4', clock.t + 5_000), { late: false, delayMs: 0 }, 'a clock ahead is not late');
    assert.deepEqual(m.late().map((l) => l.key), ['k3', 'k2']);
    assert.deepEqual(m.late({ terminalId: 'T1' }).map((l) => [l.key, l.event, l.delay_ms]), [['k2', 'cash_in', 10_001]]);
    assert.equal(m.view('T1')!.delivered, 3);
    assert.equal(m.view('T1')!.late, 1);
  });

  it('keeps a bounded history of late deliveries', () => {
    const clock = { t: 1_000_000_000 };
    const m = new TerminalMonitor({ offlineMs: 1000, hungMs: 1000, lateMs: 0, lateHistory: 3, now: () => clock.t });
    for (let i = 0; i < 10; i++) m.delivered('T1', 'cash_in', `k${i}`, 0);
    assert.deepEqual(m.late().map((l) => l.key), ['k9', 'k8', 'k7']);
  });

  it('shows the last device report with when it came', () => {
    const { m } = monitor();
    m.device('T1', { key: 'd', at: 0, bill_acceptor: 'jammed', printer: 'ok', door: 'open', errors: ['E42 stacker'] });
    const d = m.view('T1')!.device!;
    assert.deepEqual({ ...d, reported_at: undefined }, { bill_acceptor: 'jammed', printer: 'ok', door: 'open', errors: ['E42 stacker'], reported_at: undefined });
  });

  it('sweeps status changes once each, for whoever alerts', () => {
    const { m, advance } = monitor();
    m.known(['T0']);
    m.connected('T1');
    assert.deepEqual(m.sweep().map((c) => [c.id, c.from, c.to]), [['T1', 'offline', 'online']]);
    assert.deepEqual(m.sweep(), []);
    advance(31_000);
    assert.deepEqual(m.sweep().map((c) => [c.id, c.from, c.to]), [['T1', 'online', 'offline']]);
    assert.deepEqual(m.sweep(), []);
  });

  it('lists the offline terminals with when they were last heard of, for the terminal_offline alert', () => {
    const { m, advance, clock } = monitor();
    m.known(['never']);
    m.connected('gone');
    const seen = clock.t;
    m.connected('here');
    advance(31_000);
    m.heartbeat('here', { progress: 1 });
    assert.deepEqual(m.offline(), [{ id: 'gone', lastSeen: seen }, { id: 'never', lastSeen: null }]);
  });

  it('lists every terminal by id in the snapshot', () => {
    const { m } = monitor();
    m.known(['b', 'a']);
    m.connected('c');
    assert.deepEqual(m.snapshot().map((v) => [v.id, v.status]), [['a', 'offline'], ['b', 'offline'], ['c', 'online']]);
  });
});
