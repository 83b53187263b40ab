import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  GenServer, call, cast, start, stop, liveProcessCount, processInfo, ProcessStats, onExit, type Pid,
} from '../../src/runtime/index.ts';
import { tick, timeoutCount } from './helpers.ts';

class Idle extends GenServer<number> {
  n = 0;
  override init(n: number): void {
    this.n = n;
  }
  override handleCall(): unknown {
    return this.n;
  }
}

describe('Process scale', () => {
  it('starts and stops 10,000 processes leaving no timers, listeners or live processes', async () => {
    const timersBefore = timeoutCount();
    const immediatesBefore = process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;
    const liveBefore = liveProcessCount();
    const stats = new ProcessStats();
    const pids: Pid[] = [];
    for (let i = 0; i < 10_000; i++) pids.push(await start(Idle, i, { stats }));
    assert.equal(liveProcessCount(), liveBefore + 10_000);
    assert.equal(stats.live, 10_000);
    // every one answers, with a call timer armed per call and disarmed by the reply
    const answers = await Promise.all(pids.map((p) => call<number>(p, 'n')));
    assert.equal(answers[9_999], 9_999);
    // observers are registered and then removed on exit
    let exits = 0;
    for (const p of pids) onExit(p, () => exits++);
    await Promise.all(pids.map((p) => stop(p)));
    assert.equal(exits, 10_000);
    assert.equal(liveProcessCount(), liveBefore);
    assert.equal(stats.live, 0);
    assert.equal(stats.crashed, 0);
    assert.equal(timeoutCount(), timersBefore);
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length, immediatesBefore);
    for (const pid of pids) {
      const info = processInfo(pid);
      if (info.phase !== 'dead' || info.mailboxLength + info.links + info.monitoredBy + info.monitoring + info.timers !== 0) {
        assert.fail(`${pid} left state behind: ${JSON.stringify(info)}`);
      }
    }
  });
});

/** Appends every message it is given; some handlers await, some do not. */
class Sequencer extends GenServer {
  seen: number[] = [];
  override async handleCall(msg: unknown): Promise<unknown> {
    const { n, wait } = msg as { n: number; wait: number };
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.seen.push(n);
    return this.seen.slice();
  }
  override handleCast(msg: unknown): void | Promise<void> {
    const { n, wait } = msg as { n: number; wait: number };
    if (wait === 0) {
      this.seen.push(n);
      return;
    }
    return new Promise((r) => setTimeout(r, wait)).then(() => void this.seen.push(n));
  }
}

describe('Message ordering (property)', () => {
  it('handles any interleaving of casts and calls, sync or awaiting, strictly in send order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.constantFrom('cast', 'call'), wait: fc.constantFrom(0, 0, 1) , yieldFirst: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        async (ops) => {
          const pid = await start(Sequencer, undefined);
          const calls: Promise<unknown>[] = [];
          for (let n = 0; n < ops.length; n++) {
            const { kind, wait, yieldFirst } = ops[n];
            if (yieldFirst) await tick(); // let the process run part-way between sends
            if (kind === 'cast') cast(pid, { n, wait });
            else calls.push(call(pid, { n, wait }));
          }
          await Promise.all(calls);
          const seen = await call<number[]>(pid, { n: -1, wait: 0 });
          await stop(pid);
          assert.deepEqual(seen, [...ops.keys(), -1]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
