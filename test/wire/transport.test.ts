// The endpoint over raw WebSockets: handshake refusals, limits, idle close, drain, fastlane.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { RawClient, upgradeStatus } from './raw.ts';
import { eventually, startServer, type TestServer } from './support.ts';

describe('Endpoint handshake', () => {
  let srv: TestServer;
  before(async () => (srv = await startServer({ checkOrigin: ['https://play.example.com', '//cabinet.local'] })));
  after(() => srv.stop());
  const path = (q: string) => `/socket/websocket?${q}`;
  const origin = { origin: 'https://play.example.com' };

  it('accepts a good token with vsn 2.0.0 and an allowed origin', async () => {
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=2.0.0'), { headers: origin }), 101);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=2.0.0'), { headers: { origin: 'http://cabinet.local' } }), 101);
  });

  it('refuses with 403: bad token, missing or other vsn, foreign origin, subprotocols without phoenix', async () => {
    assert.equal(await upgradeStatus(srv.port, path('token=nope&vsn=2.0.0'), { headers: origin }), 403);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann'), { headers: origin }), 403);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=1.0.0'), { headers: origin }), 403);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=2.0.0'), { headers: { origin: 'https://evil.example.com' } }), 403);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=2.0.0')), 403);
    assert.equal(await upgradeStatus(srv.port, path('token=good-ann&vsn=2.0.0'), { headers: origin, protocols: ['chat'] }), 403);
  });

  it('answers the authToken subprotocol with "phoenix"', async () => {
    const b64 = Buffer.from('good-zed').toString('base64').replace(/=+$/, '');
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}${path('vsn=2.0.0')}`, ['phoenix', `base64url.bearer.phx.${b64}`], { headers: origin });
    await new Promise((r) => ws.once('open', r));
    assert.equal(ws.protocol, 'phoenix');
    ws.terminate();
  });

  it('leaves other upgrade paths to other listeners', async () => {
    const server = createServer();
    const other = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, sock, head) => {
      if (req.url === '/other') other.handleUpgrade(req, sock, head, (ws) => ws.send('other'));
    });
    const s2 = await startServer();
    s2.endpoint.attach(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/other`);
    const msg = await new Promise((r) => ws.once('message', (d) => r(String(d))));
    assert.equal(msg, 'other');
    assert.equal(await upgradeStatus(port, path('token=good-ann&vsn=2.0.0')), 101);
    ws.terminate();
    await s2.stop();
    other.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});

describe('Endpoint limits and lifecycle', () => {
  it('refuses upgrades past maxSockets, and when connect does not answer in time, with 503', async () => {
    const full = await startServer({ limits: { maxSockets: 1 } });
    const slow = await startServer({ connect: () => new Promise(() => {}), limits: { connectTimeoutMs: 50 } });
    try {
      const c = await RawClient.open(full.port);
      assert.equal(await upgradeStatus(full.port, '/socket/websocket?token=good-ann&vsn=2.0.0'), 503);
      c.close();
      await eventually(() => full.endpoint.stats().sockets === 0, 'socket gone');
      assert.equal(await upgradeStatus(full.port, '/socket/websocket?token=good-ann&vsn=2.0.0'), 101);
      assert.equal(await upgradeStatus(slow.port, '/socket/websocket?token=good-ann&vsn=2.0.0'), 503);
    } finally {
      await full.stop();
      await slow.stop();
    }
  });

  it('closes a socket that sends nothing for heartbeatTimeoutMs with 1001, and keeps a chatty one', async () => {
    const srv = await startServer({ limits: { heartbeatTimeoutMs: 300 } });
    try {
      const idle = await RawClient.open(srv.port);
      const chatty = await RawClient.open(srv.port);
      const beat = setInterval(() => chatty.sendRaw(JSON.stringify([null, chatty.nextRef(), 'phoenix', 'heartbeat', {}])), 60);
      const closed = await idle.waitClosed();
      clearInterval(beat);
      assert.deepEqual(closed, { code: 1001, reason: 'heartbeat timeout' });
      assert.equal(chatty.closed, null);
      chatty.close();
    } finally {
      await srv.stop();
    }
  });

  it('drains in batches with 1012 and refuses new connections while draining', async () => {
    const srv = await startServer();
    try {
      const cs = await Promise.all([0, 1, 2, 3, 4].map(() => RawClient.open(srv.port)));
      const drained = srv.endpoint.drain({ batchSize: 2, intervalMs: 30 });
      assert.equal(srv.endpoint.state.type, 'draining');
      assert.equal(await upgradeStatus(srv.port, '/socket/websocket?token=good-ann&vsn=2.0.0'), 503);
      await drained;
      for (const c of cs) assert.equal((await c.waitClosed()).code, 1012);
      assert.equal(srv.endpoint.stats().sockets, 0);
    } finally {
      await srv.stop();
    }
  });

  it('serializes a broadcast once and writes the same frame to every subscriber (fastlane)', async () => {
    const srv = await startServer();
    try {
      const n = 6;
      const cs = await Promise.all(Array.from({ length: n }, () => RawClient.open(srv.port)));
      for (const c of cs) assert.equal((await c.request('room:fan', 'phx_join'))[4].status, 'ok');
      const before = srv.endpoint.stats().broadcastEncodes;
      await srv.endpoint.broadcast('room:fan', 'tick', { n: 1 });
      const got = await Promise.all(cs.map((c) => c.waitFor((f) => f[3] === 'tick')));
      assert.equal(srv.endpoint.stats().broadcastEncodes - before, 1);
      for (const f of got) assert.deepEqual(f, [null, null, 'room:fan', 'tick', { n: 1 }]);
      for (const c of cs) c.close();
    } finally {
      await srv.stop();
    }
  });

  it('handles a duplicate join on the server: phx_close with the old join ref, then the new join', async () => {
    const srv = await startServer();
    try {
      const c = await RawClient.open(srv.port);
      const first = await c.request('room:dup', 'phx_join');
      const second = await c.request('room:dup', 'phx_join');
      const close = await c.waitFor((f) => f[3] === 'phx_close');
      assert.deepEqual(close, [first[0], first[0], 'room:dup', 'phx_close', {}]);
      assert.equal(second[4].status, 'ok');
      assert.notEqual(second[0], first[0]);
      // The old join ref is now stale: its pushes are dropped, the new one's answered.
      c.sendRaw(JSON.stringify([first[0], 'old', 'room:dup', 'echo', {}]));
      assert.deepEqual((await c.request('room:dup', 'echo', { n: 1 }, second[0]))[4], { status: 'ok', response: { n: 1 } });
      assert.equal(c.frames.some((f) => f[1] === 'old'), false);
      assert.equal(srv.endpoint.stats().channels.total, 1);
      c.close();
    } finally {
      await srv.stop();
    }
  });

  it('reports sockets and channels by prefix in stats', async () => {
    const srv = await startServer();
    try {
      const c = await RawClient.open(srv.port);
      await c.request('room:1', 'phx_join');
      await c.request('room:2', 'phx_join');
      await c.request('presence:1', 'phx_join');
      const st = srv.endpoint.stats();
      assert.equal(st.sockets, 1);
      assert.deepEqual(st.channels, { total: 3, byPrefix: { room: 2, presence: 1 } });
      c.close();
      await eventually(() => srv.endpoint.stats().channels.total === 0, 'channels stopped with the socket');
    } finally {
      await srv.stop();
    }
  });
});
