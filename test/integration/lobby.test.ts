// The foundation end to end: the real server (supervision tree, ledger on PGlite, HTTP,
// wire) driven by the unmodified official phoenix client — connecting, heartbeats,
// presence as the client's own Presence reads it, a crashed channel rejoined by the
// client, reconnection after a restart. The lobby's listing, paging and find_table are
// tested in process: test/casino/channels.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Presence } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('lobby over the official phoenix client', () => {
  let server: RunningServer;
  let alice: Guest;
  let bob: Guest;

  before(async () => {
    server = await startTestServer();
    alice = await newGuest(server.url, 'alice');
    bob = await newGuest(server.url, 'bob');
  });
  after(() => server.stop());

  it('connects with a token in the params and answers heartbeats', async () => {
    const socket = clientSocket(server.port, { params: { token: alice.token }, heartbeatIntervalMs: 50 });
    const replies: unknown[] = [];
    socket.onMessage((msg: object) => {
      const m = msg as { topic: string; event: string; payload: unknown };
      if (m.topic === 'phoenix' && m.event === 'phx_reply') replies.push(m.payload);
    });
    let closes = 0;
    socket.onClose(() => {
      closes++;
    });
    socket.connect();
    await waitFor('three heartbeat replies', () => replies.length >= 3);
    assert.deepEqual(replies[0], { status: 'ok', response: {} });
    assert.equal(closes, 0, 'a missed heartbeat reply would have closed the socket');
    socket.disconnect();
  });

  it('connects with the token in the authToken subprotocol', async () => {
    const socket = clientSocket(server.port, { authToken: alice.token });
    let opened = false;
    socket.onOpen(() => {
      opened = true;
    });
    socket.connect();
    await waitFor('open', () => opened);
    socket.disconnect();
  });

  it('refuses a connection with a bad, forged or missing token', async () => {
    for (const params of [{ token: 'garbage' }, { token: alice.token.slice(0, -3) + 'abc' }, {}]) {
      const socket = clientSocket(server.port, { params, reconnectAfterMs: () => 10_000 });
      let opened = false;
      let errored = false;
      socket.onOpen(() => {
      opened = true;
    });
      socket.onError(() => {
        errored = true;
      });
      socket.connect();
      await waitFor('connection error', () => errored);
      assert.equal(opened, false);
      socket.disconnect();
    }
  });

  it('joins the lobby and sees presence of a second player join and leave', async () => {
    const a = clientSocket(server.port, { params: { token: alice.token } });
    a.connect();
    const lobbyA = a.channel('lobby', {});
    const presence = new Presence(lobbyA);
    const joins: string[] = [];
    const leaves: string[] = [];
    presence.onJoin((key) => key && joins.push(key));
    presence.onLeave((key, current) => key && current.metas.length === 0 && leaves.push(key));
    const joined = await joinAsync(lobbyA);
    assert.equal(joined.status, 'ok');
    const listed: string[] = joined.response.tables.map((t: { id: string }) => t.id);
    for (const id of ['slots-1', 'roulette-1', 'blackjack-1', 'baccarat-1']) assert.ok(listed.includes(id), `${id} in ${listed.join()}`);
    await waitFor('own presence', () => presence.list().length === 1);
    const [me] = presence.list((id, { metas }) => ({ id, metas }));
    assert.equal(me.id, alice.player_id);
    assert.equal(me.metas[0].name, 'alice');
    assert.equal(typeof me.metas[0].online_at, 'number');
    assert.equal(typeof me.metas[0].phx_ref, 'string');

    const b = clientSocket(server.port, { params: { token: bob.token } });
    b.connect();
    assert.equal((await joinAsync(b.channel('lobby', {}))).status, 'ok');
    await waitFor('bob joins', () => joins.includes(bob.player_id));
    assert.deepEqual(presence.list((id) => id).sort(), [alice.player_id, bob.player_id].sort());

    b.disconnect();
    await waitFor('bob leaves', () => leaves.includes(bob.player_id));
    assert.deepEqual(presence.list((id) => id), [alice.player_id]);
    a.disconnect();
  });

  it('answers a join of an unknown topic with an error reply', async () => {
    const socket = clientSocket(server.port, { params: { token: alice.token } });
    socket.connect();
    const ch = socket.channel('nowhere:1', {});
    const res = await joinAsync(ch);
    assert.equal(res.status, 'error');
    assert.equal(res.response.reason, 'unmatched topic');
    ch.leave();
    socket.disconnect();
  });

  it('answers a crashed lobby channel with phx_error and rejoins with a fresh presence_state', async () => {
    const socket = clientSocket(server.port, { params: { token: alice.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    let errors = 0;
    let states = 0;
    lobby.onError(() => {
      errors++;
    });
    lobby.on('presence_state', () => {
      states++;
    });
    assert.equal((await joinAsync(lobby)).status, 'ok');
    await waitFor('first presence_state', () => states === 1);
    const mine = server.services.tracker.list('lobby_channel').filter((e) => e.meta['player_id'] === alice.player_id);
    assert.equal(mine.length, 1);
    exit(mine[0]!.pid, 'kill');
    await waitFor('phx_error', () => errors === 1);
    await waitFor('rejoined with a fresh presence_state', () => states === 2 && lobby.state === 'joined');
    // The socket itself survived: the same connection carries the rejoin.
    assert.equal(socket.isConnected(), true);
    socket.disconnect();
  });
});

describe('reconnection after a server restart', () => {
  it('reconnects and rejoins the lobby when the server comes back on the same port', async () => {
    // Tokens outlive a restart only under the same secret (an in-memory server's generated one dies with it).
    const secret = { PITBOSS_SECRET: randomBytes(32).toString('base64url') };
    let server = await startTestServer(secret);
    const port = server.port;
    const guest = await newGuest(server.url, 'carol');
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    let joins = 0;
    lobby.on('presence_state', () => {
      joins++;
    });
    assert.equal((await joinAsync(lobby)).status, 'ok');
    await server.stop();
    await waitFor('socket closed', () => !socket.isConnected());
    server = await startTestServer({ ...secret, PORT: String(port) });
    try {
      await waitFor('rejoined after restart', () => socket.isConnected() && lobby.state === 'joined' && joins >= 2, 15_000);
    } finally {
      socket.disconnect();
      await server.stop();
    }
  });
});
