import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimerRef } from '../../../src/runtime/index.ts';
import { GameTimers, type TimerFired } from '../../../src/casino/tables/timers.ts';

function fakeClock() {
  const sent: Array<{ msg: TimerFired; ms: number; ref: TimerRef }> = [];
  const cancelled: TimerRef[] = [];
  return {
    sent, cancelled,
    clock: {
      sendAfter: (msg: unknown, ms: number) => {
        const ref = { n: sent.length } as unknown as TimerRef;
        sent.push({ msg: msg as TimerFired, ms, ref });
        return ref;
      },
      cancelTimer: (ref: TimerRef) => { cancelled.push(ref); },
    },
  };
}

describe('GameTimers', () => {
  it('knows a firing of an earlier arming as stale once the timer is re-armed', () => {
    const c = fakeClock();
    const timers = new GameTimers(c.clock);
    timers.set({ type: 'timer', name: 'turn', ms: 100 });
    timers.set({ type: 'timer', name: 'turn', ms: 200 });
    assert.deepEqual(c.cancelled, [c.sent[0]!.ref]);
    const [older, newer] = c.sent.map((s) => s.msg);
    assert.equal(timers.fired('turn', older!.id), false);
    assert.equal(timers.fired('turn', newer!.id), true);
    assert.equal(timers.fired('turn', newer!.id), false, 'a timer fires once');
  });

  it('knows a firing of a cancelled timer as stale', () => {
    const c = fakeClock();
    const timers = new GameTimers(c.clock);
    timers.set({ type: 'timer', name: 'close', ms: 100 });
    timers.set({ type: 'cancel_timer', name: 'close' });
    assert.equal(c.cancelled.length, 1);
    assert.equal(timers.fired('close', c.sent[0]!.msg.id), false);
  });

  it('keeps timers of different names apart', () => {
    const c = fakeClock();
    const timers = new GameTimers(c.clock);
    timers.set({ type: 'timer', name: 'turn', ms: 100 });
    timers.set({ type: 'timer', name: 'insurance', ms: 100 });
    assert.deepEqual(c.cancelled, []);
    assert.equal(timers.fired('insurance', c.sent[1]!.msg.id), true);
    assert.equal(timers.fired('turn', c.sent[0]!.msg.id), true);
  });
});

describe('GameTimers deadlines', () => {
  it('tells when each armed timer fires, and forgets a timer once it fired or was cancelled', () => {
    const c = fakeClock();
    let now = 1_000_000;
    const timers = new GameTimers({ ...c.clock, now: () => now });
    timers.set({ type: 'timer', name: 'turn', ms: 20_000 });
    now += 500;
    timers.set({ type: 'timer', name: 'deal', ms: 800 });
    assert.deepEqual(timers.deadlines(), { turn: 1_020_000, deal: 1_001_300 });
    timers.set({ type: 'timer', name: 'turn', ms: 20_000 }); // re-armed: a new deadline
    assert.equal(timers.deadlines()['turn'], 1_020_500);
    timers.set({ type: 'cancel_timer', name: 'deal' });
    assert.equal(timers.fired('turn', c.sent.at(-1)!.msg.id), true);
    assert.deepEqual(timers.deadlines(), {});
  });
});
