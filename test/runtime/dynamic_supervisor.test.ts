import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamicSupervisor, ProcessError, call, isAlive, start, whenExited, type Pid } from '../../src/runtime/index.ts';
import { Recorder, sleep } from './helpers.ts';

const recorder = (extra = {}) => ({ start: () => start(Recorder, undefined), ...extra });

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1000; i++) { // a safety net for a loaded machine; normally the first probe succeeds
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(5);
  }
  throw new Error('condition never held');
}

describe('DynamicSupervisor', () => {
  it('starts children on demand and counts them', async () => {
    const sup = await DynamicSupervisor.start();
    const a = await DynamicSupervisor.startChild(sup, recorder());
    await DynamicSupervisor.startChild(sup, { ...recorder(), type: 'supervisor' });
    assert.ok(isAlive(a));
    assert.deepEqual(await DynamicSupervisor.countChildren(sup), { active: 2, supervisors: 1, workers: 1 });
    assert.equal((await DynamicSupervisor.whichChildren(sup))[0].pid, a);
    await DynamicSupervisor.stop(sup);
    assert.equal(isAlive(a), false);
  });

  it('refuses children past maxChildren with max_children', async () => {
    const sup = await DynamicSupervisor.start({ maxChildren: 2 });
    await DynamicSupervisor.startChild(sup, recorder());
    const b = await DynamicSupervisor.startChild(sup, recorder());
    await assert.rejects(DynamicSupervisor.startChild(sup, recorder()), (e: unknown) => e instanceof ProcessError && e.code === 'max_children');
    await DynamicSupervisor.terminateChild(sup, b);
    assert.equal(isAlive(b), false);
    await DynamicSupervisor.startChild(sup, recorder()); // room again
    await DynamicSupervisor.stop(sup);
  });

  it('restarts a crashed permanent child with a new pid and drops a temporary one', async () => {
    const sup = await DynamicSupervisor.start();
    const perm = await DynamicSupervisor.startChild(sup, recorder());
    const temp = await DynamicSupervisor.startChild(sup, recorder({ restart: 'temporary' }));
    await assert.rejects(call(perm, { op: 'crash' }));
    await assert.rejects(call(temp, { op: 'crash' }));
    const replacement = await waitFor(async () => {
      const kids = await DynamicSupervisor.whichChildren(sup);
      return kids.length === 1 && kids[0].pid !== perm ? kids[0].pid! : undefined;
    });
    assert.ok(isAlive(replacement));
    await DynamicSupervisor.stop(sup);
  });

  it('rejects terminateChild for a pid it does not supervise with not_found', async () => {
    const sup = await DynamicSupervisor.start();
    const stranger: Pid = await start(Recorder, undefined);
    await assert.rejects(DynamicSupervisor.terminateChild(sup, stranger), { code: 'not_found' });
    await DynamicSupervisor.stop(sup);
    assert.ok(isAlive(stranger));
    await DynamicSupervisor.stop(stranger);
  });

  it('escalates when its children crash too often', async () => {
    const sup = await DynamicSupervisor.start({ maxRestarts: 1, maxSeconds: 60 });
    const down = whenExited(sup);
    const first = await DynamicSupervisor.startChild(sup, recorder());
    await assert.rejects(call(first, { op: 'crash' }));
    const second = await waitFor(async () => (await DynamicSupervisor.whichChildren(sup))[0]?.pid ?? undefined);
    await assert.rejects(call(second, { op: 'crash' }));
    assert.deepEqual(await down, { shutdown: 'reached_max_restart_intensity' });
  });

  it('gives up a child that overruns its own budget without escalating: the supervisor and its siblings live on', async () => {
    const sup = await DynamicSupervisor.start({ maxRestarts: 1, maxSeconds: 60 });
    const given: unknown[] = [];
    const sibling = await DynamicSupervisor.startChild(sup, recorder());
    await DynamicSupervisor.startChild(sup, recorder({ intensity: { maxRestarts: 2, maxSeconds: 60 }, onGiveUp: (r: unknown) => given.push(r) }));
    for (let crash = 0; crash < 3; crash++) {
      const kids = await waitFor(async () => {
        const k = (await DynamicSupervisor.whichChildren(sup)).filter((c) => c.pid !== sibling);
        return k.length === 1 ? k : undefined;
      });
      await assert.rejects(call(kids[0].pid!, { op: 'crash' }));
    }
    await waitFor(async () => (given.length === 1 ? true : undefined));
    assert.equal((await DynamicSupervisor.whichChildren(sup)).length, 1, 'the crashing child is gone');
    assert.ok(isAlive(sup), 'three crashes of one child did not exhaust the supervisor’s own intensity of 1');
    assert.ok(isAlive(sibling));
    await DynamicSupervisor.stop(sup);
  });
});
