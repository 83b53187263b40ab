import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimerRef } from '../../../src/runtime/index.ts';
import { IdleClock } from '../../../src/casino/tables/idle.ts';

function fakeClock() {
  const sent: Array<{ msg: unknown; ms: number; ref: TimerRef }> = [];
  const cancelled: TimerRef[] = [];
  return {
    sent, cancelled,
    clock: {
      sendAfter: (msg: unknown, ms: number) => {
        const ref = { n: sent.length } as unknown as TimerRef;
        sent.push({ msg, ms, ref });
        return ref;
      },
      cancelTimer: (ref: TimerRef) => { cancelled.push(ref); },
    },
  };
}

describe('IdleClock', () => {
  it('arms once however often it is asked, and sends idle after its time', () => {
    const c = fakeClock();
    const idle = new IdleClock(c.clock, 5000);
    idle.arm();
    idle.arm();
    assert.deepEqual(c.sent.map((s) => [s.msg, s.ms]), [[{ type: 'idle' }, 5000]]);
  });

  it('cancels the pending wait when someone comes, and arms afresh after', () => {
    const c = fakeClock();
    const idle = new IdleClock(c.clock, 10);
    idle.arm();
    idle.disarm();
    assert.deepEqual(c.cancelled, [c.sent[0]!.ref]);
    idle.disarm(); // nothing pending: nothing more to cancel
    assert.equal(c.cancelled.length, 1);
    idle.arm();
    assert.equal(c.sent.length, 2);
  });

  it('may arm again once the wait ran out (a round was still running)', () => {
    const c = fakeClock();
    const idle = new IdleClock(c.clock, 10);
    idle.arm();
    idle.fired();
    idle.arm();
    assert.equal(c.sent.length, 2);
    assert.equal(c.cancelled.length, 0);
  });
});
