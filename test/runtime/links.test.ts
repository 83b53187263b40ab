import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GenServer, call, cast, exit, isAlive, start, stop, whenExited, onExit, processInfo,
  type DownMessage, type ExitMessage, type ExitReason, type MonitorRef, type Pid,
} from '../../src/runtime/index.ts';
import { Recorder, tick } from './helpers.ts';

/** A watcher that monitors or links on request and reports what it received. */
class Watcher extends GenServer<boolean> {
  got: unknown[] = [];
  terminated: ExitReason | undefined;
  override init(trap: boolean): void {
    this.trapExits(trap);
  }
  override handleCall(msg: unknown): unknown {
    const m = msg as { op: string; pid?: Pid; ref?: MonitorRef };
    if (m.op === 'monitor') return this.monitor(m.pid!);
    if (m.op === 'demonitor') return this.demonitor(m.ref!);
    if (m.op === 'link') return this.link(m.pid!);
    if (m.op === 'unlink') return this.unlink(m.pid!);
    if (m.op === 'got') return this.got.slice();
    throw new Error('unknown');
  }
  override handleInfo(msg: unknown): void {
    this.got.push(msg);
  }
}

describe('Monitors', () => {
  it('deliver DOWN with the exit reason to the watcher', async () => {
    const target = await start(Recorder, undefined);
    const w = await start(Watcher, false);
    const ref = await call<MonitorRef>(w, { op: 'monitor', pid: target });
    cast(target, { op: 'crash' });
    await whenExited(target);
    await tick();
    const [down] = (await call<DownMessage[]>(w, { op: 'got' }));
    assert.equal(down.type, 'DOWN');
    assert.equal(down.ref, ref);
    assert.equal(down.pid, target);
    assert.equal((down.reason as Error).message, 'cast boom');
    assert.equal(isAlive(w), true);
    assert.equal(processInfo(w).monitoring, 0);
    await stop(w);
  });

  it('deliver DOWN noproc at once when the target is already dead', async () => {
    const target = await start(Recorder, undefined);
    await stop(target);
    const w = await start(Watcher, false);
    await call(w, { op: 'monitor', pid: target });
    const [down] = await call<DownMessage[]>(w, { op: 'got' });
    assert.equal(down.reason, 'noproc');
    await stop(w);
  });

  it('stop after demonitor, leaving nothing registered on either side', async () => {
    const target = await start(Recorder, undefined);
    const w = await start(Watcher, false);
    const ref = await call<MonitorRef>(w, { op: 'monitor', pid: target });
    assert.equal(processInfo(target).monitoredBy, 1);
    await call(w, { op: 'demonitor', ref });
    assert.equal(processInfo(target).monitoredBy, 0);
    assert.equal(processInfo(w).monitoring, 0);
    await stop(target);
    await tick();
    assert.deepEqual(await call(w, { op: 'got' }), []);
    await stop(w);
  });

  it('are removed from live targets when the watcher dies', async () => {
    const target = await start(Recorder, undefined);
    const w = await start(Watcher, false);
    await call(w, { op: 'monitor', pid: target });
    await stop(w);
    assert.equal(processInfo(target).monitoredBy, 0);
    await stop(target);
  });

  it('let plain code observe an exit with onExit, and cancel it', async () => {
    const pid = await start(Recorder, undefined);
    const seen: ExitReason[] = [];
    const cancel = onExit(pid, (r) => seen.push(['cancelled', r]));
    onExit(pid, (r) => seen.push(r));
    cancel();
    await stop(pid, 'shutdown');
    assert.deepEqual(seen, ['shutdown']);
  });
});

describe('Links', () => {
  it('propagate a crash to a linked process that does not trap exits', async () => {
    const a = await start(Recorder, undefined);
    const b = await start(Recorder, undefined, { link: a });
    const bDown = whenExited(b);
    cast(a, { op: 'crash' });
    assert.equal(((await bDown) as Error).message, 'cast boom');
  });

  it('do not propagate a normal exit', async () => {
    const a = await start(Recorder, undefined);
    const b = await start(Recorder, undefined, { link: a });
    await stop(a, 'normal');
    await tick();
    assert.equal(isAlive(b), true);
    assert.equal(processInfo(b).links, 0);
    await stop(b);
  });

  it('turn into EXIT messages for a process that traps exits', async () => {
    const a = await start(Recorder, undefined);
    const w = await start(Watcher, true);
    await call(w, { op: 'link', pid: a });
    cast(a, { op: 'crash' });
    await whenExited(a);
    await tick();
    const [msg] = await call<ExitMessage[]>(w, { op: 'got' });
    assert.equal(msg.type, 'EXIT');
    assert.equal(msg.pid, a);
    assert.equal((msg.reason as Error).message, 'cast boom');
    assert.equal(isAlive(w), true);
    await stop(w);
  });

  it('deliver noproc when linking to a dead process', async () => {
    const dead = await start(Recorder, undefined);
    await stop(dead);
    const w = await start(Watcher, true);
    await call(w, { op: 'link', pid: dead });
    const [msg] = await call<ExitMessage[]>(w, { op: 'got' });
    assert.equal(msg.reason, 'noproc');
    await stop(w);
  });

  it('can be removed with unlink', async () => {
    const a = await start(Recorder, undefined);
    const w = await start(Watcher, false);
    await call(w, { op: 'link', pid: a });
    await call(w, { op: 'unlink', pid: a });
    cast(a, { op: 'crash' });
    await whenExited(a);
    await tick();
    assert.equal(isAlive(w), true);
    await stop(w);
  });
});

describe('Exit signals', () => {
  it('kill even a process that traps exits, which dies with killed', async () => {
    const terminated: ExitReason[] = [];
    const pid = await start(Recorder, { trap: true, terminated });
    const linked = await start(Watcher, true);
    await call(linked, { op: 'link', pid });
    const down = whenExited(pid);
    exit(pid, 'kill');
    assert.equal(isAlive(pid), false);
    assert.equal(await down, 'killed');
    assert.deepEqual(terminated, [], 'terminate does not run on kill');
    await tick();
    const [msg] = await call<ExitMessage[]>(linked, { op: 'got' });
    assert.equal(msg.reason, 'killed');
    await stop(linked);
  });

  it('kill a process even while its handler is stuck awaiting', async () => {
    const pid = await start(Recorder, undefined);
    const stuck = call(pid, { op: 'stall' });
    await tick();
    exit(pid, 'kill');
    await assert.rejects(stuck, { code: 'exit' });
  });

  it('end a non-trapping process with the reason and run its terminate', async () => {
    const terminated: ExitReason[] = [];
    const pid = await start(Recorder, { terminated });
    const down = whenExited(pid);
    exit(pid, 'shutdown');
    assert.equal(isAlive(pid), false);
    assert.equal(await down, 'shutdown');
    assert.deepEqual(terminated, ['shutdown']);
  });

  it('let the handler in flight finish before terminate runs, while the process is already unreachable', async () => {
    const order: string[] = [];
    class Writer extends GenServer {
      override async handleCast(): Promise<void> {
        await new Promise((r) => setTimeout(r, 20));
        order.push('handler finished');
      }
      override terminate(reason: ExitReason): void {
        order.push(`terminate ${String(reason)}`);
      }
    }
    const pid = await start(Writer, undefined);
    cast(pid, 'write');
    await tick();
    const down = whenExited(pid);
    exit(pid, 'shutdown');
    assert.equal(isAlive(pid), false);
    await assert.rejects(call(pid, 'anything'), { code: 'noproc' });
    assert.equal(await down, 'shutdown');
    assert.deepEqual(order, ['handler finished', 'terminate shutdown']);
  });

  it('are ignored with reason normal by a process that does not trap', async () => {
    const pid = await start(Recorder, undefined);
    exit(pid, 'normal');
    await tick();
    assert.equal(isAlive(pid), true);
    await stop(pid);
  });

  it('from the parent stop a trapping child in order, running terminate', async () => {
    const terminated: ExitReason[] = [];
    class Parent extends GenServer {
      child: Pid | undefined;
      override async handleCall(msg: unknown): Promise<unknown> {
        if (msg === 'spawn') {
          this.child = await start(Recorder, { trap: true, terminated });
          return this.child;
        }
        exit(this.child!, 'shutdown');
        return 'sent';
      }
    }
    const parent = await start(Parent, undefined);
    const child = await call<Pid>(parent, 'spawn');
    assert.equal(processInfo(child).parent, parent);
    const down = whenExited(child);
    await call(parent, 'shutdown-child');
    assert.equal(await down, 'shutdown');
    assert.deepEqual(terminated, ['shutdown']);
    await stop(parent);
  });
});
