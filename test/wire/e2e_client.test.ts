// End to end with the unmodified official `phoenix` client against the test app.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Presence, type Socket } from 'phoenix';
import { client, eventually, receive, startServer, type TestServer } from './support.ts';

describe('Endpoint with the official phoenix client', () => {
  let srv: TestServer;
  const sockets: Socket[] = [];
  const open = (opts: Parameters<typeof client>[1] = { params: { token: 'good-ann' } }) => {
    const s = client(srv.url, opts);
    sockets.push(s);
    s.connect();
    return s;
  };
  before(async () => {
    srv = await startServer({ limits: { maxChannels: 3 } });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  after(() => srv.stop());

  it('connects with a token in the params and answers heartbeats', async () => {
    const s = open({ params: { token: 'good-ann' }, heartbeatIntervalMs: 100 });
    const replies: unknown[] = [];
    s.onMessage((m: any) => void (m.topic === 'phoenix' && m.event === 'phx_reply' && replies.push(m.payload)));
    await eventually(() => s.isConnected(), 'open');
    const rtt = await new Promise<number>((resolve) => s.ping(resolve));
    assert.ok(rtt >= 0);
    // The client's own timer-driven heartbeats are answered too.
    await eventually(() => replies.length >= 3, 'three heartbeat replies');
    assert.deepEqual(replies[0], { status: 'ok', response: {} });
  });

  it('connects with the authToken subprotocol (answered with "phoenix")', async () => {
    const s = open({ authToken: 'good-bob' });
    await eventually(() => s.isConnected(), 'open');
    const ch = s.channel('room:1');
    const { status, response } = await receive(ch.join());
    assert.equal(status, 'ok');
    assert.equal(response.user, 'bob');
  });

  it('refuses a bad token before the upgrade, and the client keeps retrying', async () => {
    let errors = 0;
    const s = client(srv.url, { params: { token: 'bad' } });
    sockets.push(s);
    s.onError(() => void errors++);
    s.connect();
    await eventually(() => errors >= 2, 'two connection errors');
    assert.equal(s.isConnected(), false);
  });

  it('joins, pushes with a reply, and answers an unknown topic with "unmatched topic"', async () => {
    const s = open();
    const ch = s.channel('room:echo');
    assert.equal((await receive(ch.join())).status, 'ok');
    assert.deepEqual(await receive(ch.push('echo', { x: [1, 2] })), { status: 'ok', response: { x: [1, 2] } });
    assert.deepEqual(await receive(ch.push('refuse', {})), { status: 'error', response: { hint: 'wait', reason: 'invalid_action', message: 'not now' } });
    const bad = s.channel('nowhere:1');
    const r = await receive(bad.join());
    assert.deepEqual(r, { status: 'error', response: { reason: 'unmatched topic', message: 'No channel serves that topic.' } });
    bad.leave();
  });

  it('shows presence_state on join and a second client\'s presence_diff join and leave', async () => {
    const a = open();
    const chA = a.channel('presence:lobby');
    const pa = new Presence(chA);
    const joined: string[] = [], left: string[] = [];
    pa.onJoin((key, current) => void (!current && key && joined.push(key)));
    pa.onLeave((key, current) => void (current.metas.length === 0 && key && left.push(key)));
    await receive(chA.join());
    await eventually(() => pa.list().length === 1, 'own presence in presence_state');
    const b = open({ params: { token: 'good-bob' } });
    const chB = b.channel('presence:lobby');
    const pb = new Presence(chB);
    await receive(chB.join());
    await eventually(() => joined.includes('bob'), 'bob joins');
    await eventually(() => pb.list().length === 2, 'bob sees both');
    const bob = pa.list((key, p) => [key, p.metas] as const).find(([k]) => k === 'bob')!;
    assert.equal(bob[1].length, 1);
    assert.equal(typeof bob[1][0].phx_ref, 'string');
    chB.leave();
    await eventually(() => left.includes('bob'), 'bob leaves');
    assert.deepEqual(pa.list((k) => k), ['ann']);
  });

  it('lists one key with two metas when a player joins from two devices', async () => {
    const phone = open();
    const web = open();
    const chPhone = phone.channel('presence:devices', { device: 'phone' });
    const chWeb = web.channel('presence:devices', { device: 'web' });
    const p = new Presence(chWeb);
    await receive(chPhone.join());
    await receive(chWeb.join());
    const metas = await eventually(() => {
      const m = p.list((_k, pres) => pres.metas)[0];
      return m?.length === 2 && m;
    }, 'two metas');
    assert.deepEqual(metas.map((m: any) => m.device).sort(), ['phone', 'web']);
    assert.notEqual(metas[0].phx_ref, metas[1].phx_ref);
    chPhone.leave();
    await eventually(() => p.list((_k, pres) => pres.metas)[0]?.length === 1, 'phone left');
    assert.deepEqual(p.list((k) => k), ['ann']);
  });

  it('answers a channel crash with phx_error, rejoins automatically and gets a fresh presence_state', async () => {
    const s = open();
    const ch = s.channel('presence:crashy');
    const p = new Presence(ch);
    let syncs = 0, errors = 0, oks = 0;
    p.onSync(() => void syncs++);
    ch.onError(() => void errors++);
    const other = s.channel('room:bystander');
    await receive(other.join());
    ch.join().receive('ok', () => oks++);
    await eventually(() => oks === 1 && syncs >= 1, 'first join');
    ch.push('crash', {});
    await eventually(() => errors === 1, 'phx_error');
    await eventually(() => oks === 2 && syncs >= 2, 'rejoin with a fresh presence_state');
    // The crashed channel's meta left with it: one meta, not two.
    assert.deepEqual(p.list((k, pres) => [k, pres.metas.length]), [['ann', 1]]);
    // The socket and its other channel lived on.
    assert.equal((await receive(other.push('echo', { alive: true }))).status, 'ok');
  });

  it('replaces a duplicate join of a topic and closes the old channel object', async () => {
    const s = open();
    const first = s.channel('room:dup');
    let firstClosed = false;
    first.onClose(() => void (firstClosed = true));
    await receive(first.join());
    const second = s.channel('room:dup');
    assert.equal((await receive(second.join())).status, 'ok');
    await eventually(() => firstClosed, 'first closed');
    assert.equal((await receive(second.push('echo', { n: 2 }))).status, 'ok');
    await eventually(() => srv.endpoint.stats().channels.byPrefix.room === 1 || undefined, 'one room channel on the server');
  });

  it('leaves with phx_close and does not rejoin', async () => {
    const s = open();
    const ch = s.channel('room:leave');
    await receive(ch.join());
    let closed = false;
    ch.onClose(() => void (closed = true));
    assert.equal((await receive(ch.leave())).status, 'ok');
    await eventually(() => closed, 'closed');
    await eventually(() => !srv.endpoint.stats().channels.byPrefix.room || undefined, 'no room channel left');
  });

  it('refuses joins past maxChannels with "too many channels joined"', async () => {
    const s = open();
    for (let i = 0; i < 3; i++) assert.equal((await receive(s.channel(`room:m${i}`).join())).status, 'ok');
    const extra = s.channel('room:m3');
    const r = await receive(extra.join());
    extra.leave();
    assert.deepEqual(r.response, { reason: 'too many channels joined', message: 'Too many channels joined on this socket.' });
  });

  it('sends and receives binary payloads (ArrayBuffer)', async () => {
    const s = open();
    const ch = s.channel('room:bin');
    await receive(ch.join());
    const r = await receive(ch.push('bytes', new Uint8Array([1, 2, 250]).buffer));
    assert.equal(r.status, 'ok');
    assert.deepEqual([...new Uint8Array(r.response as ArrayBuffer)], [250, 2, 1]);
  });

  it('closes the socket with 1009 on a 2 MB frame', async () => {
    const s = open();
    const ch = s.channel('room:big');
    await receive(ch.join());
    let code = 0;
    s.onClose((e) => void (code ||= e.code));
    ch.push('echo', { blob: 'x'.repeat(2 * 1024 * 1024) });
    await eventually(() => code, 'close');
    assert.equal(code, 1009);
  });

  it('forces a logout through the socket id topic (close 1001), and the client reconnects', async () => {
    const s = open({ params: { token: 'good-kim' } });
    let opens = 0, code = 0;
    s.onOpen(() => void opens++);
    s.onClose((e) => void (code ||= e.code));
    await eventually(() => opens === 1, 'open');
    await srv.endpoint.broadcast('user_socket:kim', 'disconnect', {});
    await eventually(() => code, 'close');
    assert.equal(code, 1001);
    await eventually(() => opens === 2, 'reconnected');
  });
});

describe('Endpoint restarts', () => {
  it('lets the client reconnect and rejoin after the server stops and starts on the same port', async () => {
    let srv = await startServer();
    const s = client(srv.url, { params: { token: 'good-ann' } });
    let oks = 0;
    s.connect();
    const ch = s.channel('room:restart');
    ch.join().receive('ok', () => oks++);
    await eventually(() => oks === 1, 'joined');
    const port = srv.port;
    await srv.stop();
    await eventually(() => !s.isConnected(), 'client saw the close');
    srv = await startServer({}, port);
    try {
      await eventually(() => oks === 2, 'rejoined after restart');
      assert.equal((await receive(ch.push('echo', { back: true }))).status, 'ok');
    } finally {
      s.disconnect();
      await srv.stop();
    }
  });
});
