import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GenServer, ProcessError, call, cast, send, exit, isAlive, start, stop, whenExited, self, processInfo,
  type ExitReason, type From,
} from '../../src/runtime/index.ts';
import { Recorder, sleep, tick, timeoutCount } from './helpers.ts';

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => e instanceof ProcessError && e.code === code);

describe('GenServer process', () => {
  it('answers calls and handles casts in the order they were sent', async () => {
    const pid = await start(Recorder, undefined);
    cast(pid, { op: 'x', value: 1 });
    const two = call(pid, { op: 'echo', value: 2 });
    cast(pid, { op: 'x', value: 3 });
    send(pid, 4);
    assert.equal(await two, 2);
    assert.deepEqual(await call(pid, { op: 'log' }), [1, 2, 3, 4]);
    await stop(pid);
  });

  it('handles one message at a time even when handlers await', async () => {
    const pid = await start(Recorder, undefined);
    cast(pid, { op: 'slow', ms: 30, value: 'a' });
    const b = call(pid, { op: 'slow', ms: 1, value: 'b' });
    cast(pid, { op: 'x', value: 'c' });
    await b;
    assert.deepEqual(await call(pid, { op: 'log' }), ['a', 'b', 'c']);
    await stop(pid);
  });

  it('rejects a call to a dead process with noproc', async () => {
    const pid = await start(Recorder, undefined);
    await stop(pid);
    assert.equal(isAlive(pid), false);
    await rejectsWith(call(pid, { op: 'log' }), 'noproc');
  });

  it('rejects a call to a stuck process with timeout and keeps no timer behind', async () => {
    const pid = await start(Recorder, undefined);
    await rejectsWith(call(pid, { op: 'stall' }, 50), 'timeout');
    exit(pid, 'kill');
    assert.equal(isAlive(pid), false);
  });

  it('crashes only the process whose handler throws, rejecting the call with exit', async () => {
    const a = await start(Recorder, undefined);
    const b = await start(Recorder, undefined);
    const down = whenExited(a);
    await assert.rejects(call(a, { op: 'crash' }), (e: unknown) =>
      e instanceof ProcessError && e.code === 'exit' && e.reason instanceof Error && e.reason.message === 'boom');
    assert.equal(((await down) as Error).message, 'boom');
    assert.equal(isAlive(a), false);
    assert.equal(await call(b, { op: 'echo', value: 'still here' }), 'still here');
    await stop(b);
  });

  it('rejects calls still queued behind a crash with exit', async () => {
    const pid = await start(Recorder, undefined);
    cast(pid, { op: 'crash' });
    await rejectsWith(call(pid, { op: 'log' }), 'exit');
  });

  it('makes start reject when init throws', async () => {
    class Bad extends GenServer {
      override init(): void {
        throw new Error('no init');
      }
    }
    await assert.rejects(start(Bad, undefined), /no init/);
  });

  it('makes start reject with exit when init calls stop', async () => {
    class Quitter extends GenServer {
      override init(): void {
        this.stop({ shutdown: 'not_needed' });
      }
    }
    await assert.rejects(start(Quitter, undefined), (e: unknown) =>
      e instanceof ProcessError && e.code === 'exit' && JSON.stringify(e.reason) === '{"shutdown":"not_needed"}');
  });

  it('refuses a call to itself with calling_self instead of deadlocking', async () => {
    class Selfish extends GenServer {
      override async handleCall(): Promise<unknown> {
        await tick();
        try {
          await call(this.self, 'again');
          return 'deadlocked';
        } catch (e) {
          return (e as ProcessError).code;
        }
      }
    }
    const pid = await start(Selfish, undefined);
    assert.equal(await call(pid, 'go'), 'calling_self');
    await stop(pid);
  });

  it('lets a timer a handler left behind call the process while it is busy with another message', async () => {
    class Armed extends GenServer {
      pong: Promise<unknown> | undefined;
      override async handleCall(msg: unknown): Promise<unknown> {
        if (msg === 'arm') {
          // This callback captures the handler's async context, but runs after that handler.
          setTimeout(() => (this.pong = call(this.self, 'ping')), 10);
          return 'armed';
        }
        if (msg === 'busy') {
          await sleep(50);
          return this.pong !== undefined;
        }
        if (msg === 'result') return this.pong;
        return 'pong';
      }
    }
    const pid = await start(Armed, undefined);
    await call(pid, 'arm');
    assert.equal(await call(pid, 'busy'), true, 'the timer fired while the process was busy');
    assert.equal(await call(pid, 'result'), 'pong', 'and its call was queued, not refused as calling_self');
    await stop(pid);
  });

  it('lets handleCall answer later with NO_REPLY and reply(from)', async () => {
    const pid = await start(Recorder, undefined);
    const late = call(pid, { op: 'defer' });
    assert.equal(await call(pid, { op: 'answer', value: 42 }), 'ok');
    assert.equal(await late, 42);
    const never = call(pid, { op: 'defer' });
    await stop(pid);
    await rejectsWith(never, 'exit');
  });

  it('stops after the current message, runs terminate and rejects the calls left behind', async () => {
    const terminated: ExitReason[] = [];
    const pid = await start(Recorder, { terminated });
    const exitReason = whenExited(pid);
    const stopping = call(pid, { op: 'stop', value: 'shutdown' });
    const left = call(pid, { op: 'log' });
    assert.equal(await stopping, 'stopping');
    await rejectsWith(left, 'exit');
    assert.equal(await exitReason, 'shutdown');
    assert.deepEqual(terminated, ['shutdown']);
    assert.equal(await whenExited(pid), 'noproc'); // observing a pid already dead, as in OTP
  });

  it('calls terminate with the error when a handler crashes', async () => {
    const terminated: ExitReason[] = [];
    const pid = await start(Recorder, { terminated });
    cast(pid, { op: 'crash' });
    await whenExited(pid);
    assert.equal((terminated[0] as Error).message, 'cast boom');
  });

  it('refuses casts and calls past the mailbox capacity with mailbox_full', async () => {
    const pid = await start(Recorder, undefined, { mailboxCapacity: 2 });
    const stuck = call(pid, { op: 'stall' }); // taken off the queue: it occupies the process, not the mailbox
    await tick();
    cast(pid, { op: 'x', value: 1 });
    cast(pid, { op: 'x', value: 2 });
    assert.throws(() => cast(pid, { op: 'x', value: 3 }), (e: unknown) => (e as ProcessError).code === 'mailbox_full');
    assert.throws(() => send(pid, 'info'), (e: unknown) => (e as ProcessError).code === 'mailbox_full');
    await rejectsWith(call(pid, { op: 'log' }), 'mailbox_full');
    exit(pid, 'kill');
    await rejectsWith(stuck, 'exit');
  });

  it('lets the caller of a call die before the answer arrives', async () => {
    const callee = await start(Recorder, undefined);
    class Caller extends GenServer {
      override async handleCast(): Promise<void> {
        await call(callee, { op: 'slow', ms: 30, value: 'late' });
      }
    }
    const caller = await start(Caller, undefined);
    cast(caller, 'go');
    await tick();
    exit(caller, 'kill');
    await sleep(40);
    assert.deepEqual(await call(callee, { op: 'log' }), ['late']);
    await stop(callee);
  });

  it('yields to the event loop between batches so one flooded process cannot starve I/O', async () => {
    class Sink extends GenServer {
      n = 0;
      override handleCast(): void {
        this.n++;
      }
      override handleCall(): unknown {
        return this.n;
      }
    }
    const pid = await start(Sink, undefined);
    let seenByIo = -1;
    setImmediate(() => (seenByIo = processInfo(pid).handled));
    for (let i = 0; i < 10_000; i++) cast(pid, i);
    assert.equal(await call(pid, 'n'), 10_000);
    assert.ok(seenByIo > 0 && seenByIo < 10_000, `I/O ran after ${seenByIo} messages`);
    await stop(pid);
  });

  it('drops casts to a dead process silently', async () => {
    const pid = await start(Recorder, undefined);
    await stop(pid);
    assert.doesNotThrow(() => cast(pid, 'x'));
    assert.doesNotThrow(() => send(pid, 'x'));
  });

  it('delivers sendAfter timers as info messages and cancels them on request', async () => {
    class Timed extends GenServer {
      got: unknown[] = [];
      override init(): void {
        this.sendAfter('first', 5);
        const t = this.sendAfter('cancelled', 5);
        this.cancelTimer(t);
        this.sendAfter('second', 15);
      }
      override handleInfo(msg: unknown): void {
        this.got.push(msg);
      }
      override handleCall(): unknown {
        return this.got.slice();
      }
    }
    const pid = await start(Timed, undefined);
    await sleep(40);
    assert.deepEqual(await call(pid, 'got'), ['first', 'second']);
    await stop(pid);
  });

  it('cancels its timers when it exits', async () => {
    class Sleeper extends GenServer {
      override init(): void {
        for (let i = 0; i < 5; i++) this.sendAfter('wake', 60_000);
      }
    }
    const before = timeoutCount();
    const pid = await start(Sleeper, undefined);
    assert.equal(processInfo(pid).timers, 5);
    assert.equal(timeoutCount(), before + 5);
    await stop(pid);
    assert.equal(timeoutCount(), before);
  });

  it('knows self() across awaits inside a handler and nowhere else', async () => {
    class Who extends GenServer {
      override async handleCall(): Promise<unknown> {
        await tick();
        return self() === this.self;
      }
    }
    const pid = await start(Who, undefined);
    assert.equal(await call(pid, 'who'), true);
    assert.equal(self(), undefined);
    await stop(pid);
  });

  it('lets a process reply from a handler that finishes after a later-started call times out', async () => {
    class Slow extends GenServer {
      override async handleCall(msg: unknown, _from: From): Promise<unknown> {
        await sleep(msg as number);
        return msg;
      }
    }
    const pid = await start(Slow, undefined);
    await rejectsWith(call(pid, 80, 20), 'timeout');
    assert.equal(await call(pid, 1), 1); // still alive and serving after the timed-out call
    await stop(pid);
  });
});
