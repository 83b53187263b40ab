// Limits and chat on a real server: each limit answers rate_limited with retry_after (or
// 429 with Retry-After before a socket exists) — never a silent drop; chat is cleaned,
// length-capped, masked, broadcast to the table, and replayed to players who join.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('rate limits and chat', () => {
  let server: RunningServer;
  let alice: Guest;
  let bob: Guest;
  const sockets: Socket[] = [];
  const connect = (token: string) => {
    const s = clientSocket(server.port, { params: { token } });
    s.connect();
    sockets.push(s);
    return s;
  };

  before(async () => {
    server = await startTestServer({
      PITBOSS_RATE_GUESTS: '3/60s', PITBOSS_RATE_CONNECTS: '6/60s', PITBOSS_RATE_ACTIONS: '5/60s', PITBOSS_RATE_CHAT: '3/60s',
      PITBOSS_RATE_JOINS: '1000/1s', PITBOSS_RATE_READS: '2/60s', PITBOSS_CHAT_MAX_LENGTH: '40',
    });
    alice = await newGuest(server.url, 'alice');
    bob = await newGuest(server.url, 'bob');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('limits guest sign-ups per address with 429, a retry_after and a Retry-After header', async () => {
    await newGuest(server.url, 'carol');
    const res = await fetch(`${server.url}/api/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"dave"}' });
    assert.equal(res.status, 429);
    const body = (await res.json()) as { reason: string; retry_after: number };
    assert.equal(body.reason, 'rate_limited');
    assert.ok(Number.isInteger(body.retry_after) && body.retry_after > 0);
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
  });

  it('chats: cleaned, masked, capped, broadcast to the table and replayed on join', async () => {
    const a = connect(alice.token);
    const b = connect(bob.token);
    const ta = a.channel('table:blackjack-1', {});
    const seen: any[] = [];
    ta.on('chat', (m) => {
      seen.push(m);
    });
    await joinAsync(ta);
    const ok = await pushAsync(ta, 'chat', { text: '  <b>hello</b>   <script>x()</script>table, idiot ' });
    assert.deepEqual(ok, { status: 'ok', response: {} });
    await waitFor('chat broadcast', () => seen.length === 1);
    assert.equal(seen[0].text, 'hello table, *****');
    assert.equal(seen[0].player_id, alice.player_id);
    assert.equal(seen[0].name, 'alice');
    assert.equal(typeof seen[0].at, 'number');
    const long = await pushAsync(ta, 'chat', { text: 'x'.repeat(41) });
    assert.deepEqual([long.status, long.response.reason], ['error', 'invalid_payload']);
    const empty = await pushAsync(ta, 'chat', { text: '<i></i>' });
    assert.equal(empty.response.reason, 'invalid_payload');
    const joined = await joinAsync(b.channel('table:blackjack-1', {}));
    assert.deepEqual(joined.response.chat.map((m: { text: string }) => m.text), ['hello table, *****']);
    // Three chats allowed in the window (two were refused for content but still counted).
    const limited = await pushAsync(ta, 'chat', { text: 'again' });
    assert.equal(limited.response.reason, 'rate_limited');
    assert.ok(limited.response.retry_after > 0);
  });

  it('limits actions per player with rate_limited and retry_after, and moves no money for the refused one', async () => {
    const s = connect(bob.token);
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    const id = (await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id;
    const t = s.channel(`table:${id}`, {});
    await joinAsync(t);
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await pushAsync(t, 'act', { action: 'spin', bet: 20 }));
    const refused = replies.filter((r) => r.status === 'error');
    assert.equal(refused.length, 1, 'find_table counted as the first action');
    assert.equal(refused[0]!.response.reason, 'rate_limited');
    assert.ok(refused[0]!.response.retry_after > 0);
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${bob.token}` } })).json()) as any;
    const won = replies.filter((r) => r.status === 'ok').reduce((n, r) => n + r.response.win, 0);
    assert.equal(me.balance, 100000 - 4 * 20 + won);
  });

  it("limits reads per player: the player channel's requests and a table's resume share one bucket", async () => {
    const s = connect(alice.token);
    const mine = s.channel(`player:${alice.player_id}`, {});
    assert.equal((await joinAsync(mine)).status, 'ok');
    const t = s.channel('table:blackjack-1', {});
    assert.equal((await joinAsync(t)).status, 'ok');
    assert.equal((await pushAsync(mine, 'balance', {})).status, 'ok');
    assert.equal((await pushAsync(t, 'resume', { since: 0 })).status, 'ok');
    for (const [ch, event, payload] of [[mine, 'balance', {}], [t, 'resume', { since: 0 }]] as const) {
      const r = await pushAsync(ch, event, payload);
      assert.deepEqual([r.status, r.response.reason], ['error', 'rate_limited'], event);
      assert.ok(r.response.retry_after > 0);
    }
  });

  it('refuses connections past the per-address limit with 429 before the upgrade', async () => {
    // Earlier tests opened 4 sockets; the limit is 6 per minute.
    const opened: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket/websocket?vsn=2.0.0&token=${alice.token}`);
      opened.push(await new Promise<boolean>((r) => {
        ws.onopen = () => {
          ws.close();
          r(true);
        };
        ws.onerror = () => r(false);
      }));
    }
    assert.deepEqual(opened, [true, true, false, false]);
  });
});
