// The HTTP edge by fastify's `.inject()`: the casino wired in process as main.ts wires
// it (test/casino/harness.ts), its app never listening on a port.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Tokens } from '../../src/casino/auth/tokens.ts';
import { startCasino, type Casino } from '../casino/harness.ts';

describe('HTTP API', () => {
  let casino: Casino;
  let http: FastifyInstance;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '250000', PITBOSS_RATE_READS: '5/60s' } });
    http = casino.http;
  });
  after(() => casino.close());

  it('reports liveness and readiness', async () => {
    assert.deepEqual((await http.inject({ url: '/healthz' })).json(), { status: 'ok' });
    const ready = await http.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', endpoint: 'ok' } });
  });

  it('creates a guest with a token and the configured play-money balance', async () => {
    const res = await http.inject({ method: 'POST', url: '/api/guests', payload: { name: 'Zoë 2' } });
    assert.equal(res.statusCode, 201);
    const body = res.json();
    assert.equal(body.name, 'Zoë 2');
    assert.equal(body.balance, 250000);
    assert.match(body.player_id, /^g[0-9a-z]+$/);
    const me = await http.inject({ url: '/api/me', headers: { authorization: `Bearer ${body.token}` } });
    assert.deepEqual(me.json(), { player_id: body.player_id, name: 'Zoë 2', balance: 250000 });
  });

  it('names a guest when no name is given', async () => {
    const res = await http.inject({ method: 'POST', url: '/api/guests', payload: {} });
    assert.equal(res.statusCode, 201);
    assert.match(res.json().name, /^guest-\d{4}$/);
  });

  it('answers bad guest bodies with 400 and the reason, creating nothing', async () => {
    const before = await casino.ledger.store.query<{ n: number }>('SELECT count(*)::int AS n FROM players');
    for (const payload of [{ name: 5 }, { name: '' }, { name: 'x'.repeat(25) }, { name: '<script>' }, { name: 'ok', extra: 1 }]) {
      const res = await http.inject({ method: 'POST', url: '/api/guests', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().reason, 'invalid_payload');
      assert.equal(typeof res.json().message, 'string');
    }
    const bad = await http.inject({ method: 'POST', url: '/api/guests', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().reason, 'invalid_payload');
    const huge = await http.inject({ method: 'POST', url: '/api/guests', payload: { name: 'a'.repeat(100_000) } });
    assert.equal(huge.statusCode, 413);
    const after = await casino.ledger.store.query<{ n: number }>('SELECT count(*)::int AS n FROM players');
    assert.equal(after[0]!.n, before[0]!.n);
  });

  it('refuses /api/me without a valid bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }]) {
      const res = await http.inject({ url: '/api/me', headers });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().reason, 'unauthorized');
    }
  });

  it('refuses an expired token, one signed with another secret, and one signed with the development secret earlier versions built in', async () => {
    const guest = (await http.inject({ method: 'POST', url: '/api/guests', payload: { name: 'eve' } })).json();
    const who = { playerId: guest.player_id, name: 'eve' };
    // Anyone could read OLD_DEV_SECRET in the public source: a server without PITBOSS_SECRET
    // signed with it, so anyone could mint a token for any player.
    const OLD_DEV_SECRET = 'pitboss-dev-secret-change-me-0123456789';
    const tokens = [
      await casino.tokens.issue(who, -1),
      await new Tokens({ secret: 'someone-elses-secret-that-is-long-enough!!', ttlSeconds: 60 }).issue(who),
      await new Tokens({ secret: OLD_DEV_SECRET, ttlSeconds: 60 }).issue(who),
    ];
    for (const token of tokens) {
      const res = await http.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual([res.statusCode, res.json().reason], [401, 'unauthorized']);
    }
    assert.equal((await http.inject({ url: '/api/me', headers: { authorization: `Bearer ${guest.token}` } })).statusCode, 200);
  });

  it('answers unknown routes with 404 not_found', async () => {
    const res = await http.inject({ url: '/api/nothing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().reason, 'not_found');
  });

  it('exposes Prometheus metrics for sockets, channels, processes, messages and the event loop', async () => {
    const res = await http.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    for (const name of ['pitboss_sockets', 'pitboss_processes', 'pitboss_messages_in_total', 'pitboss_messages_out_total', 'nodejs_eventloop_lag_p99_seconds']) {
      assert.match(res.body, new RegExp(`^${name} `, 'm'), name);
    }
    // The casino's supervisors and tables are processes too.
    const procs = Number(/^pitboss_processes (\d+)/m.exec(res.body)![1]);
    assert.ok(procs >= 4, `expected the tree's processes, got ${procs}`);
  });

  it('pages GET /api/tables: 50 by default, never more than 200, a cursor that walks every table exactly once', async () => {
    const tables = casino.tables;
    for (let i = 0; i < 240; i++) await tables.create('slots', { id: `paging-${String(i).padStart(3, '0')}` });
    const all = (await tables.list()).map((t) => t['id'] as string);
    assert.ok(all.length >= 245);
    const first = (await http.inject({ url: '/api/tables' })).json();
    assert.equal(first.tables.length, 50);
    assert.deepEqual(Object.keys(first.tables.find((t: { id: string }) => t.id === 'blackjack-1')).sort(), ['game', 'id', 'max_bet', 'min_bet', 'name', 'players', 'seats', 'shared']);
    assert.equal(first.next, first.tables[49].id);
    const capped = (await http.inject({ url: '/api/tables?limit=100000' })).json();
    assert.equal(capped.tables.length, 200, 'a huge limit is capped');
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 100, 'the cursor keeps moving');
      const url: string = `/api/tables?limit=37${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
      const res = await http.inject({ url });
      assert.equal(res.statusCode, 200);
      const page: { tables: Array<{ id: string }>; next: string | null } = res.json();
      seen.push(...page.tables.map((t) => t.id));
      if (page.next === null) break;
      after = page.next;
    }
    assert.deepEqual(seen, [...all].sort(), 'every table once, in id order');
    for (const q of ['limit=0', 'limit=-1', 'limit=abc', 'limit=2.5', `after=${'x'.repeat(200)}`, 'offset=3']) {
      const res = await http.inject({ url: `/api/tables?${q}` });
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.json().reason, 'invalid_payload');
    }
  });

  it('answers a flood of /api/me with 429 and Retry-After, without touching another player', async () => {
    const guest = async () => (await http.inject({ method: 'POST', url: '/api/guests', payload: {} })).json();
    const [flooder, bystander] = [await guest(), await guest()];
    const me = (g: { token: string }) => http.inject({ url: '/api/me', headers: { authorization: `Bearer ${g.token}` } });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await me(flooder)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = await me(flooder);
    assert.equal(limited.json().reason, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await http.inject({ url: '/api/rounds', headers: { authorization: `Bearer ${flooder.token}` } })).statusCode, 429, '/api/rounds shares the bucket');
    assert.equal((await me(bystander)).statusCode, 200);
  });
});
