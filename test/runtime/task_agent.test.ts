import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Agent, GenServer, ProcessError, Task, TaskSupervisor, DynamicSupervisor, call, isAlive, start, stop, whenExited,
  type ExitMessage, type TaskHandle,
} from '../../src/runtime/index.ts';
import { sleep, tick } from './helpers.ts';

const code = (c: string) => (e: unknown) => e instanceof ProcessError && e.code === c;

describe('Task', () => {
  it('runs a function in its own process and awaits its result', async () => {
    const t = Task.async(async () => {
      await tick();
      return 21 * 2;
    });
    assert.ok(isAlive(t.pid));
    assert.equal(await Task.await(t), 42);
    await whenExited(t.pid);
  });

  it('rejects await with exit when the task throws', async () => {
    const t = Task.async(() => {
      throw new Error('task failed');
    });
    await assert.rejects(Task.await(t), (e: unknown) => code('exit')(e) && ((e as ProcessError).reason as Error).message === 'task failed');
  });

  it('rejects await with timeout and kills the slow task', async () => {
    const t = Task.async(() => new Promise(() => {}));
    await assert.rejects(Task.await(t, 50), code('timeout'));
    assert.equal(isAlive(t.pid), false);
  });

  it('awaits many tasks in order, failing with timeout if any is too slow', async () => {
    const ts = [30, 1, 10].map((ms) => Task.async(async () => (await sleep(ms), ms)));
    assert.deepEqual(await Task.awaitMany(ts, 2000), [30, 1, 10]);
    const slow = Task.async(() => new Promise(() => {}));
    const fast = Task.async(() => 'fast');
    await assert.rejects(Task.awaitMany([fast, slow], 50), code('timeout'));
    assert.equal(isAlive(slow.pid), false);
  });

  it('links to the calling process, so a failing task crashes a caller that does not trap exits', async () => {
    class Caller extends GenServer<boolean> {
      exits: ExitMessage[] = [];
      override init(trap: boolean): void {
        this.trapExits(trap);
      }
      override handleCall(): unknown {
        Task.async(() => {
          throw new Error('linked failure');
        });
        return 'spawned';
      }
      override handleInfo(msg: unknown): void {
        this.exits.push(msg as ExitMessage);
      }
    }
    const plain = await start(Caller, false);
    const down = whenExited(plain);
    await call(plain, 'go');
    assert.equal(((await down) as Error).message, 'linked failure');
    const trapping = await start(Caller, true);
    await call(trapping, 'go');
    await sleep(5);
    assert.ok(isAlive(trapping));
    await stop(trapping);
  });
});

describe('TaskSupervisor', () => {
  it('runs asyncNoLink tasks whose failure does not touch the caller', async () => {
    const sup = await TaskSupervisor.start();
    class Caller extends GenServer {
      override async handleCall(): Promise<unknown> {
        const t = TaskSupervisor.asyncNoLink(sup, () => {
          throw new Error('isolated');
        });
        try {
          await Task.await(t);
          return 'no error';
        } catch (e) {
          return (e as ProcessError).code;
        }
      }
    }
    const caller = await start(Caller, undefined);
    assert.equal(await call(caller, 'go'), 'exit');
    assert.ok(isAlive(caller));
    const ok = TaskSupervisor.asyncNoLink(sup, async () => 'fine');
    assert.equal(await Task.await(ok), 'fine');
    await stop(caller);
    await DynamicSupervisor.stop(sup);
  });

  it('starts fire-and-forget tasks under supervision and stops them with the supervisor', async () => {
    const sup = await TaskSupervisor.start();
    let ran = false;
    const quick = await TaskSupervisor.start(sup, () => void (ran = true));
    await whenExited(quick);
    assert.equal(ran, true);
    const forever = await TaskSupervisor.start(sup, () => new Promise<void>(() => {}));
    const stuck: TaskHandle<unknown> = TaskSupervisor.asyncNoLink(sup, () => new Promise(() => {}));
    await sleep(5);
    assert.equal((await DynamicSupervisor.countChildren(sup)).active, 2);
    await DynamicSupervisor.stop(sup);
    assert.equal(isAlive(forever), false);
    await assert.rejects(Task.await(stuck, 1000), code('exit'));
  });

  it('rejects asyncNoLink past maxChildren with max_children', async () => {
    const sup = await TaskSupervisor.start({ maxChildren: 1 });
    const a = TaskSupervisor.asyncNoLink(sup, () => new Promise(() => {}));
    const b = TaskSupervisor.asyncNoLink(sup, () => 'never kept');
    await assert.rejects(Task.await(b, 1000), code('max_children'));
    await DynamicSupervisor.stop(sup);
    await assert.rejects(Task.await(a, 1000), code('exit'));
    assert.throws(() => TaskSupervisor.asyncNoLink(sup, () => 1), code('noproc'));
  });
});

describe('Agent', () => {
  it('holds a value with get, update and getAndUpdate', async () => {
    const agent = await Agent.start(() => ({ n: 1 }));
    assert.equal(await Agent.get(agent, (s: { n: number }) => s.n), 1);
    await Agent.update(agent, (s: { n: number }) => ({ n: s.n + 1 }));
    Agent.cast(agent, (s: { n: number }) => ({ n: s.n * 10 }));
    assert.equal(await Agent.getAndUpdate(agent, (s: { n: number }) => [s.n, { n: 0 }]), 20);
    assert.equal(await Agent.get(agent, (s: { n: number }) => s.n), 0);
    await Agent.stop(agent);
    assert.equal(isAlive(agent), false);
  });

  it('starts from an async initialiser and makes updates atomic', async () => {
    const agent = await Agent.start(async () => (await tick(), 0));
    await Promise.all(Array.from({ length: 50 }, () => Agent.update(agent, (n: number) => n + 1)));
    assert.equal(await Agent.get(agent, (n: number) => n), 50);
    await Agent.stop(agent);
  });

  it('crashes when a function throws, rejecting the caller with exit', async () => {
    const agent = await Agent.start(() => 0);
    await assert.rejects(Agent.get(agent, () => {
      throw new Error('bad fn');
    }), code('exit'));
    assert.equal(isAlive(agent), false);
  });
});
