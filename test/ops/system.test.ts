// The connection tracker on a real server with the official phoenix client: each raw
// socket and each channel is counted while it lives and gone once it ends, in
// GET /api/admin/system and in the Prometheus metrics (pitboss_*), beside the runtime's
// figures, the table census and the uptime.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { hashPassword } from '../../src/casino/index.ts';
import { clientSocket, joinAsync, newGuest, startTestServer, waitFor } from '../integration/helpers.ts';

const PW = 'technician password';

describe('GET /api/admin/system and pitboss_* metrics', () => {
  let server: RunningServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
    await server.services.ledger!.staff.add({ name: 'tech', role: 'technician', passwordHash: await hashPassword(PW) }, 'cli:test');
    const r = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tech', password: PW }) });
    token = ((await r.json()) as { token: string }).token;
  });
  after(() => server.stop());

  const system = async () => {
    const r = await fetch(`${server.url}/api/admin/system`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    return (await r.json()) as any;
  };
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const m = text.split('\n').find((l) => line.test(l));
    return m === undefined ? undefined : Number(m.split(' ').at(-1));
  };

  it('counts sockets and channels by type while they live, and forgets them when they end', async () => {
    const zero = await system();
    assert.deepEqual(Object.values(zero.connections.local).every((n) => n === 0), true, JSON.stringify(zero.connections));
    const guest = await newGuest(server.url, 'tia');
    const socket: Socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    const join = async (topic: string): Promise<Channel> => {
      const ch = socket.channel(topic, {});
      const r = await joinAsync(ch);
      assert.equal(r.status, 'ok', `${topic}: ${JSON.stringify(r.response)}`);
      return ch;
    };
    try {
      await join('lobby');
      const table = await join('table:blackjack-1');
      await join('jackpots');
      await join('tournament:daily-biggest-win');
      await join(`player:${guest.player_id}`);
      const live = await system();
      assert.deepEqual(live.connections.local, {
        socket: 1, lobby_channel: 1, table_channel: 1, player_channel: 1, tournament_channel: 1, jackpots_channel: 1,
        admin_channel: 0, terminal_channel: 0, dashboard_view: 0,
      });
      assert.equal(live.connections.total, 6);
      assert.deepEqual(live.connections.cluster, live.connections.local, 'alone, the cluster is this node');
      assert.equal(live.players_online, 1);
      assert.equal(await metric(/^pitboss_connections\{type="table_channel"\}/), 1);
      assert.equal(await metric(/^pitboss_connections\{type="socket"\}/), 1);
      assert.equal(await metric(/^pitboss_players_online /), 1);

      // Leaving a channel ends its process: its entry goes with it.
      await new Promise((resolve) => table.leave().receive('ok', resolve));
      await waitFor('the table channel gone', () => server.services.tracker.count('table_channel') === 0);
      assert.equal((await system()).connections.local.lobby_channel, 1);
    } finally {
      socket.disconnect();
    }
    await waitFor('everything gone with the socket', () => Object.values(server.services.tracker.counts()).every((n) => n === 0));
    assert.equal(await metric(/^pitboss_connections\{type="socket"\}/), 0);
    assert.equal(await metric(/^pitboss_connections\{type="lobby_channel"\}/), 0);
  });

  it('reports the runtime, the tables and the uptime', async () => {
    const s = await system();
    assert.equal(s.node, server.services.config.nodeId);
    assert.match(s.uptime, /^(\d+d )?(\d+h )?\d+m$/);
    assert.ok(s.uptime_seconds >= 0 && s.uptime_seconds < 600);
    assert.ok(s.runtime.memory.rss > 0 && s.runtime.memory.heap_used > 0);
    assert.equal(typeof s.runtime.event_loop.utilization, 'number');
    assert.ok(s.runtime.active_handles >= 1 && s.runtime.processes > 5);
    const games = server.services.tables!.games();
    assert.equal(s.tables.total, games.length, 'the default table of every game');
    assert.deepEqual(Object.keys(s.tables.by_game).sort(), [...games].sort());
    assert.equal(s.tables.draining, 0);
    assert.ok((await metric(/^pitboss_memory_bytes\{kind="rss"\}/))! > 0);
    assert.equal(await metric(/^pitboss_tables\{game="blackjack"\}/), 1);
    assert.ok((await metric(/^pitboss_active_handles /))! >= 1);
    assert.ok((await metric(/^pitboss_uptime_seconds /))! >= 0);
    assert.notEqual(await metric(/^pitboss_event_loop_delay_seconds\{stat="p99"\}/), undefined);
    assert.notEqual(await metric(/^pitboss_event_loop_utilization /), undefined);
  });
});
