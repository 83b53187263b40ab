// Heartbeats end to end: the client's heartbeats keep its terminal online, a game loop
// that stops ticking shows it hung while the heartbeats go on, and a terminal that goes
// away is offline. The server runs with the shortest thresholds it accepts (1 s), so the
// waits stay around a second; the thresholds themselves are tested on a hand-driven clock
// in test/casino/terminals/monitor.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/main.ts';
import { startTestServer, waitFor } from '../integration/helpers.ts';
import { terminalClient } from './support.ts';

describe('terminal heartbeats', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ PITBOSS_TERMINAL_OFFLINE_MS: '1000', PITBOSS_TERMINAL_HUNG_MS: '1000' });
  });
  after(() => server.stop());

  it('shows a ticking terminal online, a silent game loop hung, and a terminal gone offline, with its last seen', async () => {
    const monitor = server.services.terminals.monitor;
    const { secret } = await server.services.terminals.directory!.add('hb-1', { currency: 'PLAY' });
    const c = terminalClient(server.port, { terminalId: 'hb-1', secret, heartbeatMs: 100 });
    const ticking = setInterval(() => c.tick(), 50);
    await c.start();
    await waitFor('joined', () => c.connected);
    assert.equal(c.joinReply!['heartbeat_ms'], 1000, 'the server asks for a third of its offline time, at least a second');
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(monitor.status('hb-1'), 'online', 'heartbeats with progress for longer than both thresholds');
    assert.ok(monitor.view('hb-1')!.progress! > 0);

    clearInterval(ticking);
    await waitFor('hung: heartbeats without progress', () => monitor.status('hb-1') === 'hung', 4000);
    c.tick();
    await waitFor('online again once it ticks', () => monitor.status('hb-1') === 'online', 2000);

    c.stop();
    await waitFor('offline once it leaves', () => monitor.status('hb-1') === 'offline', 2000);
    const v = monitor.view('hb-1')!;
    assert.equal(v.connected, false);
    assert.ok(Date.now() - Date.parse(v.last_seen!) < 3000);
    assert.deepEqual(monitor.offline().find((o) => o.id === 'hb-1')?.lastSeen, Date.parse(v.last_seen!));
  });
});
