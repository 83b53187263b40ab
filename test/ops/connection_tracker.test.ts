// The connection tracker, uptime and runtime statistics as units: entries leave the
// registry when their process exits (no manual cleanup), raw-socket handles close once,
// every known type is reported even at 0, and the runtime's event-loop window sees a
// busy loop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GenServer, exit, start, stop, liveProcessCount } from '../../src/runtime/index.ts';
import { CONNECTION_TYPES, ConnectionTracker } from '../../src/ops/connection_tracker.ts';
import { formatUptime } from '../../src/ops/uptime.ts';
import { RuntimeStats } from '../../src/ops/runtime_stats.ts';

class Idle extends GenServer<void> {}

const settle = () => new Promise((r) => setImmediate(r));

describe('ConnectionTracker', () => {
  it('counts a process under its type until it exits, however it ends', async () => {
    const t = new ConnectionTracker();
    const [a, b, c] = [await start(Idle, undefined), await start(Idle, undefined), await start(Idle, undefined)];
    t.track('table_channel', a, { player_id: 'ann', table_id: 'bj-1' });
    t.track('table_channel', b, { player_id: 'ann', table_id: 'rl-1' });
    t.track('lobby_channel', c, { player_id: 'bo' });
    assert.deepEqual([t.count('table_channel'), t.count('lobby_channel')], [2, 1]);
    assert.deepEqual([...t.playersOnline()], [['ann', { channels: 2, tables: ['bj-1', 'rl-1'] }], ['bo', { channels: 1, tables: [] }]]);
    await stop(a, 'normal');
    exit(c, 'kill'); // a crash is an exit too
    await settle();
    assert.deepEqual([t.count('table_channel'), t.count('lobby_channel')], [1, 0]);
    assert.deepEqual(t.list('table_channel').map((e) => e.meta['table_id']), ['rl-1']);
    await stop(b, 'shutdown');
    await settle();
    assert.equal(t.playersOnline().size, 0);
  });

  it('counts raw sockets by handle, each closed once', () => {
    const t = new ConnectionTracker();
    const close1 = t.open('socket', { player_id: 'ann' });
    const close2 = t.open('socket', { player_id: 'bo' });
    assert.equal(t.count('socket'), 2);
    close1();
    close1(); // a second close changes nothing
    assert.equal(t.count('socket'), 1);
    assert.deepEqual(t.all()['socket'], [{ pid: null, meta: { player_id: 'bo' } }]);
    close2();
    assert.equal(t.count('socket'), 0);
  });

  it('reports every known type, 0 when none is live, and any other type it is given', async () => {
    const t = new ConnectionTracker();
    const counts = t.counts();
    assert.deepEqual(Object.keys(counts), [...CONNECTION_TYPES]);
    assert.ok(Object.values(counts).every((n) => n === 0));
    const p = await start(Idle, undefined);
    t.track('odd_channel', p);
    assert.equal(t.counts()['odd_channel'], 1);
    assert.match(t.all()['odd_channel']![0]!.pid!, /^<0\.\d+>$/);
    await stop(p, 'normal');
  });
});

describe('formatUptime', () => {
  it('reads like 2d 3h 15m', () => {
    assert.equal(formatUptime(2 * 86_400 + 3 * 3600 + 15 * 60 + 59), '2d 3h 15m');
    assert.equal(formatUptime(0), '0m');
    assert.equal(formatUptime(59), '0m');
    assert.equal(formatUptime(3600), '1h 0m');
    assert.equal(formatUptime(86_400 + 5 * 60), '1d 5m');
    assert.equal(formatUptime(-5), '0m');
  });
});

describe('RuntimeStats', () => {
  it('gives memory, handles and processes, and an event-loop window that sees a busy loop', async () => {
    const r = new RuntimeStats({ processes: liveProcessCount, windowMs: 60_000 });
    try {
      await new Promise((res) => setTimeout(res, 30));
      const until = performance.now() + 80;
      while (performance.now() < until); // hold the loop: utilisation and delay both rise
      await new Promise((res) => setTimeout(res, 20));
      const w = r.closeWindow();
      assert.ok(w.utilization > 0.3 && w.utilization <= 1, `utilization ${w.utilization}`);
      assert.ok(w.delay_ms.max >= 50, `max delay ${w.delay_ms.max} ms`);
      assert.ok(w.window_ms >= 100);
      const f = r.figures();
      assert.deepEqual(f.event_loop, w, 'readers see the last closed window');
      assert.ok(f.memory.rss > f.memory.heap_used && f.memory.heap_used > 0);
      assert.ok(f.active_handles >= 1);
      assert.equal(f.processes, liveProcessCount());
    } finally {
      r.stop();
    }
  });
});
