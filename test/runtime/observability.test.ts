import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DynamicSupervisor, GenServer, ProcessErrorCodes, ProcessStats, Supervisor, supervisionTree, call, cast, exit, processInfo, start, whenExited,
  type SlowHandler,
} from '../../src/runtime/index.ts';
import { Recorder, sleep } from './helpers.ts';

describe('ProcessStats', () => {
  it('counts processes and messages and reports handlers slower than slowMs', async () => {
    const slow: SlowHandler[] = [];
    const stats = new ProcessStats({ slowMs: 10, onSlow: (s) => slow.push(s) });
    const pid = await start(Recorder, undefined, { stats, name: 'rec' });
    await call(pid, { op: 'echo', value: 1 });
    await call(pid, { op: 'slow', ms: 40, value: 2 });
    cast(pid, { op: 'crash' });
    await whenExited(pid);
    assert.equal(stats.started, 1);
    assert.equal(stats.exited, 1);
    assert.equal(stats.crashed, 1);
    assert.equal(stats.messages, 3);
    assert.ok(stats.handlerMsMax >= 30, 'timers may fire a little early; 40 ms is well over 30');
    assert.ok(stats.slow >= 1);
    assert.equal(slow.find((s) => s.ms >= 30)?.name, 'rec');
    assert.equal(slow[0].pid, pid);
  });

  it('is inherited by processes started from a measured process', async () => {
    const stats = new ProcessStats();
    class Worker extends GenServer {}
    const sup = await Supervisor.start(
      { strategy: 'one_for_one', children: [{ id: 'w', start: () => start(Worker, undefined) }] },
      { stats },
    );
    assert.equal(stats.live, 2);
    await Supervisor.stop(sup);
    assert.equal(stats.live, 0);
  });
});

describe('processInfo', () => {
  it('shows the mailbox, links and timers of a process', async () => {
    const pid = await start(Recorder, undefined, { name: 'busy' });
    const stuck = call(pid, { op: 'stall' });
    cast(pid, { op: 'x', value: 1 });
    await sleep(1);
    const info = processInfo(pid);
    assert.deepEqual([info.name, info.phase, info.mailboxLength, info.handled], ['busy', 'running', 1, 0]);
    exit(pid, 'kill');
    await assert.rejects(stuck, { code: 'exit' });
    assert.equal(processInfo(pid).phase, 'dead');
  });
});

describe('supervisionTree', () => {
  it('walks supervisors and dynamic supervisors down to their workers', async () => {
    class Worker extends GenServer {}
    const root = await Supervisor.start(
      {
        strategy: 'one_for_one',
        children: [
          { id: 'cache', start: () => start(Worker, undefined, { name: 'cache' }) },
          { id: 'tables', type: 'supervisor', start: () => DynamicSupervisor.start({}, { name: 'tables' }) },
        ],
      },
      { name: 'root' },
    );
    const tables = (await Supervisor.whichChildren(root))[1].pid!;
    await DynamicSupervisor.startChild(tables, { id: 'table:1', start: () => start(Worker, undefined, { name: 'table:1' }) });
    const tree = await supervisionTree(root);
    assert.deepEqual(
      [tree.name, tree.children!.map((c) => [c.id, c.name, c.type, c.restart, c.children?.map((t) => t.name)])],
      ['root', [['cache', 'cache', 'worker', 'permanent', undefined], ['tables', 'tables', 'supervisor', 'permanent', ['table:1']]]],
    );
    await Supervisor.stop(root);
  });
});

describe('Error catalogue', () => {
  it('is documented code by code in docs/runtime.md', () => {
    const doc = readFileSync(new URL('../../docs/runtime.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ProcessErrorCodes)) assert.match(doc, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code);
  });
});
