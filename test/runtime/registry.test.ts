import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Registry, call, exit, isAlive, start, stop, processInfo, whenExited } from '../../src/runtime/index.ts';
import { Recorder } from './helpers.ts';

describe('Registry', () => {
  it('keeps one pid per unique key and reports the holder on conflict', async () => {
    const reg = new Registry<{ seats: number }>({ keys: 'unique', name: 'tables' });
    const a = await start(Recorder, undefined);
    const b = await start(Recorder, undefined);
    assert.deepEqual(reg.register('table:1', a, { seats: 6 }), { ok: true });
    assert.deepEqual(reg.register('table:1', b), { ok: false, reason: 'already_registered', pid: a });
    assert.equal(reg.whereis('table:1'), a);
    assert.deepEqual(reg.lookup('table:1'), [{ pid: a, meta: { seats: 6 } }]);
    assert.equal(reg.whereis('table:2'), undefined);
    await stop(a);
    await stop(b);
  });

  it('removes every entry of a process when it exits, and its exit observer too', async () => {
    const reg = new Registry({ keys: 'unique' });
    const a = await start(Recorder, undefined);
    reg.register('x', a);
    reg.register('y', a);
    assert.equal(processInfo(a).monitoredBy, 1, 'one observer per pid, not per key');
    await assert.rejects(call(a, { op: 'crash' }));
    await whenExited(a);
    assert.equal(isAlive(a), false);
    assert.deepEqual([reg.count(), reg.keys(), reg.whereis('x')], [0, [], undefined]);
  });

  it('drops its exit observer once a pid has no keys left', async () => {
    const reg = new Registry({ keys: 'unique' });
    const a = await start(Recorder, undefined);
    reg.register('x', a);
    reg.unregister('x', a);
    assert.equal(processInfo(a).monitoredBy, 0);
    assert.equal(reg.count(), 0);
    await stop(a);
  });

  it('holds many pids under a duplicate key, with select by metadata and counts', async () => {
    const reg = new Registry<{ user: string }>({ keys: 'duplicate' });
    const sockets = await Promise.all([1, 2, 3].map(() => start(Recorder, undefined)));
    sockets.forEach((pid, i) => reg.register('socket', pid, { user: i === 2 ? 'bob' : 'alice' }));
    reg.register('admin', sockets[2], { user: 'bob' });
    assert.equal(reg.count('socket'), 3);
    assert.equal(reg.count(), 4);
    assert.deepEqual(reg.select((_k, _p, m) => m.user === 'bob').map((e) => [e.key, e.pid]), [['socket', sockets[2]], ['admin', sockets[2]]]);
    assert.equal(reg.updateMeta('socket', sockets[0], { user: 'carol' }), true);
    assert.equal(reg.updateMeta('nope', sockets[0], { user: 'x' }), false);
    assert.deepEqual(reg.lookup('socket')[0].meta, { user: 'carol' });
    assert.deepEqual(reg.keysOf(sockets[2]).sort(), ['admin', 'socket']);
    await stop(sockets[2]);
    assert.equal(reg.count('socket'), 2);
    assert.deepEqual(reg.keys(), ['socket']);
    reg.unregister('socket');
    assert.equal(reg.count(), 0);
    for (const pid of sockets.slice(0, 2)) {
      assert.equal(processInfo(pid).monitoredBy, 0);
      await stop(pid);
    }
  });

  it('accepts a dead pid without keeping it', async () => {
    const reg = new Registry({ keys: 'unique' });
    const a = await start(Recorder, undefined);
    await stop(a);
    assert.deepEqual(reg.register('x', a), { ok: true });
    assert.equal(reg.whereis('x'), undefined);
  });

  it('keeps separate instances independent', async () => {
    const one = new Registry({ keys: 'unique' });
    const two = new Registry({ keys: 'unique' });
    const a = await start(Recorder, undefined);
    one.register('k', a);
    assert.equal(two.whereis('k'), undefined);
    await stop(a);
  });
});

describe('Registry (property)', () => {
  it('matches a simple model under any sequence of register, unregister and process exits', async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('reg' as const), k: fc.nat(3), p: fc.nat(3) }),
      fc.record({ t: fc.constant('unreg' as const), k: fc.nat(3), p: fc.option(fc.nat(3), { nil: undefined }) }),
      fc.record({ t: fc.constant('kill' as const), p: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('unique' as const, 'duplicate' as const), fc.array(op, { maxLength: 30 }), async (mode, ops) => {
        const pids = await Promise.all([0, 1, 2, 3].map(() => start(Recorder, undefined)));
        const reg = new Registry({ keys: mode });
        const model = new Map<number, number[]>(); // key -> pid indexes in registration order
        const dead = new Set<number>();
        for (const o of ops) {
          if (o.t === 'reg') {
            const holders = model.get(o.k) ?? [];
            const res = reg.register(`k${o.k}`, pids[o.p]);
            if (mode === 'unique' && holders.length > 0) {
              assert.deepEqual(res, { ok: false, reason: 'already_registered', pid: pids[holders[0]] });
            } else {
              assert.deepEqual(res, { ok: true });
              if (!dead.has(o.p) && !holders.includes(o.p)) model.set(o.k, [...holders, o.p]);
            }
          } else if (o.t === 'unreg') {
            reg.unregister(`k${o.k}`, o.p === undefined ? undefined : pids[o.p]);
            const left = o.p === undefined ? [] : (model.get(o.k) ?? []).filter((i) => i !== o.p);
            if (left.length) model.set(o.k, left);
            else model.delete(o.k);
          } else {
            exit(pids[o.p], 'kill'); // dies synchronously; the registry hears at once
            dead.add(o.p);
            for (const [k, holders] of model) {
              const left = holders.filter((i) => i !== o.p);
              if (left.length) model.set(k, left);
              else model.delete(k);
            }
          }
          for (let k = 0; k < 4; k++) assert.deepEqual(reg.lookup(`k${k}`).map((e) => pids.indexOf(e.pid)), model.get(k) ?? []);
          assert.equal(reg.count(), [...model.values()].reduce((n, h) => n + h.length, 0));
        }
        for (let i = 0; i < 4; i++) if (!dead.has(i)) await stop(pids[i]);
        for (const pid of pids) assert.equal(processInfo(pid).monitoredBy, 0);
      }),
      { numRuns: 40 },
    );
  });
});
