// The rate limits where clients meet them, in process: each answers `rate_limited` with a
// `retry_after` (over HTTP: 429 with a Retry-After header) — never a silent drop — and a
// refused action moves no money. Sign-ups count per address; actions, chat and reads per
// player, with a socket's reads and HTTP's sharing one bucket. The per-address connect
// limit is refused before the WebSocket upgrade: test/integration/client_address.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ok, refused, startCasino, type Casino, type Client } from '../harness.ts';

describe('rate limits at the channels and the HTTP edge', () => {
  let casino: Casino;
  let alice: Client;
  let bob: Client;
  before(async () => {
    casino = await startCasino({
      env: { PITBOSS_RATE_GUESTS: '3/60s', PITBOSS_RATE_ACTIONS: '5/60s', PITBOSS_RATE_CHAT: '3/60s', PITBOSS_RATE_READS: '3/60s' },
    });
    alice = await casino.guest('alice');
    bob = await casino.guest('bob');
  });
  after(() => casino.close());

  it('limits guest sign-ups per address with 429, a retry_after and a Retry-After header', async () => {
    await casino.guest('carol');
    const res = await casino.http.inject({ method: 'POST', url: '/api/guests', payload: { name: 'dave' } });
    assert.equal(res.statusCode, 429);
    const body = res.json();
    assert.equal(body.reason, 'rate_limited');
    assert.ok(Number.isInteger(body.retry_after) && body.retry_after > 0);
    assert.ok(Number(res.headers['retry-after']) >= 1);
    const elsewhere = await casino.http.inject({ method: 'POST', url: '/api/guests', payload: {}, remoteAddress: '192.0.2.9' });
    assert.equal(elsewhere.statusCode, 201, 'another address has its own bucket');
  });

  it('limits actions per player with rate_limited and retry_after, and moves no money for the refused one', async () => {
    const t = await bob.find('slots'); // find_table is an action too
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await t.act({ action: 'spin', bet: 20 }));
    const limited = replies.filter((r) => r.status === 'error');
    assert.equal(limited.length, 1, 'find_table counted as the first action');
    assert.ok(refused(limited[0]!, 'rate_limited').retry_after > 0);
    refused(await t.push('sit', {}), 'rate_limited', 'sit shares the bucket');
    const won = replies.filter((r) => r.status === 'ok').reduce((n, r) => n + r.response.win, 0);
    assert.equal(await casino.balance(bob.id), 100_000 - 4 * 20 + won);
    const other = await alice.find('slots');
    ok(await other.act({ action: 'spin', bet: 20 })); // another player's budget is their own
  });

  it('limits chat per player; lines refused for their content count too', async () => {
    const t = await alice.table('blackjack-1');
    ok(await t.push('chat', { text: 'hello' }));
    refused(await t.push('chat', { text: '<i></i>' }), 'invalid_payload');
    refused(await t.push('chat', { text: 5 }), 'invalid_payload');
    assert.ok(refused(await t.push('chat', { text: 'again' }), 'rate_limited').retry_after > 0);
    await t.until('the one line', () => t.pushes('chat').length === 1);
  });

  it('limits reads per player: the player channel, a table’s resume and HTTP share one bucket', async () => {
    const second = await casino.connect(alice.token); // a second socket of the same player
    const me = await second.me();
    const t = await second.table('blackjack-1');
    ok(await me.push('balance'));
    ok(await t.push('resume', { since: 0 }));
    const http = await casino.http.inject({ url: '/api/me', headers: { authorization: `Bearer ${alice.token}` } });
    assert.equal(http.statusCode, 200);
    for (const [ch, event, payload] of [[me, 'balance', {}], [t, 'resume', { since: 0 }]] as const) {
      assert.ok(refused(await ch.push(event, payload), 'rate_limited', event).retry_after > 0);
    }
    const limited = await casino.http.inject({ url: '/api/rounds', headers: { authorization: `Bearer ${alice.token}` } });
    assert.deepEqual([limited.statusCode, limited.json().reason], [429, 'rate_limited']);
    ok(await (await bob.me()).push('balance'));
  });
});
