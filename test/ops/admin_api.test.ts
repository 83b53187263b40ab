// The admin API on a real server (src/main.ts, an ephemeral port): staff sign in, the
// route table walked for 401 and 403 on every route, a table drained between rounds with
// the official phoenix client seated at it, players online, and the audit log read,
// exported and verified — then verified again after a row was altered.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { ADMIN_ROUTES, adminRoutes } from '../../src/http/admin/routes.ts';
import { StaffAuth, hashPassword, may, randomSecret } from '../../src/casino/index.ts';
import { STAFF_ROLES, type StaffRole } from '../../src/ledger/index.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';

const PW = 'a long enough password';

async function api(server: RunningServer, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV and JSON lines are read as text
  }
  return { status: res.status, json, text, headers: res.headers };
}

const signIn = (server: RunningServer, name: string, password = PW, headers?: Record<string, string>) =>
  api(server, 'POST', '/api/admin/session', { body: { name, password }, ...(headers ? { headers } : {}) });

describe('Admin API', () => {
  let server: RunningServer;
  const tokens = {} as Record<StaffRole, string>;
  let player: string;
  before(async () => {
    // Sign-in limits have their own tests below; here many sessions come from one address.
    server = await startTestServer({ PITBOSS_BETTING_MS: '1500', PITBOSS_RATE_SIGN_IN: '100/60s' });
    const hash = await hashPassword(PW);
    for (const role of STAFF_ROLES) {
      await server.services.ledger!.staff.add({ name: `${role}-1`, role, passwordHash: hash }, 'cli:test');
      const r = await signIn(server, `${role}-1`);
      assert.equal(r.status, 201, r.text);
      tokens[role] = r.json.token;
    }
    player = (await newGuest(server.url, 'pia')).token;
  });
  after(() => server.stop());

  it('signs staff in with their role and expiry, and refuses a wrong password or unknown name alike', async () => {
    const ok = await signIn(server, 'Operator-1'); // names are lowercase: the same account
    assert.equal(ok.status, 201);
    assert.deepEqual([ok.json.name, ok.json.role], ['operator-1', 'operator']);
    const ttl = ok.json.expires_at - Date.now() / 1000;
    assert.ok(ttl > 8 * 3600 - 60 && ttl <= 8 * 3600, `the default session is a shift: ${ttl}`);
    const me = await api(server, 'GET', '/api/admin/session', { token: ok.json.token });
    assert.deepEqual(me.json, { name: 'operator-1', role: 'operator', expires_at: ok.json.expires_at });
    const wrong = await signIn(server, 'operator-1', 'not the password');
    const unknown = await signIn(server, 'nobody-here');
    assert.deepEqual([wrong.status, unknown.status], [401, 401]);
    assert.equal(wrong.json.reason, 'unauthorized');
    assert.equal(wrong.json.message, unknown.json.message);
    for (const body of [{}, { name: 'x' }, { name: 'a', password: 'b', extra: 1 }, { name: 5, password: 'b' }]) {
      assert.equal((await api(server, 'POST', '/api/admin/session', { body })).status, 400, JSON.stringify(body));
    }
  });

  it('walks the route table: 401 without a staff token, 403 for each role the table does not grant, through for the rest', async () => {
    assert.ok(ADMIN_ROUTES.length >= 8);
    const refusals: string[] = [];
    for (const route of ADMIN_ROUTES) {
      const path = route.url.replace(':id', 'no-such-table');
      for (const [who, token] of [['anonymous', undefined], ['a player', player], ['garbage', 'abc.def.ghi']] as const) {
        const r = await api(server, route.method, path, token === undefined ? {} : { token });
        assert.deepEqual([r.status, r.json?.reason], [401, 'unauthorized'], `${route.method} ${route.url} as ${who}`);
      }
      for (const role of STAFF_ROLES) {
        // Signing out ends the session it is sent with: walk it with a session of its own.
        const signsOut = route.method === 'DELETE' && route.url === '/api/admin/session';
        const r = await api(server, route.method, path, { token: signsOut ? (await signIn(server, `${role}-1`)).json.token : tokens[role] });
        if (may(role, route.permission)) {
          assert.ok(r.status !== 401 && r.status !== 403, `${route.method} ${route.url} as ${role}: ${r.status} ${r.text}`);
        } else {
          assert.deepEqual([r.status, r.json?.reason], [403, 'forbidden'], `${route.method} ${route.url} as ${role}`);
          refusals.push(`${role} ${route.permission}`);
        }
      }
    }
    for (const r of ['technician audit.view', 'operator system.view', 'technician tables.drain', 'operator staff.view']) assert.ok(refusals.includes(r), r);
    assert.equal(refusals.some((r) => r.startsWith('administrator')), false);
  });

  it('lists staff without their hashes, and ends a disabled account\'s session at its next request', async () => {
    await server.services.ledger!.staff.add({ name: 'leaver', role: 'administrator', passwordHash: await hashPassword(PW) }, 'cli:test');
    const { json: session } = await signIn(server, 'leaver');
    const list = await api(server, 'GET', '/api/admin/staff', { token: session.token });
    assert.equal(list.status, 200);
    const leaver = list.json.staff.find((a: any) => a.name === 'leaver');
    assert.deepEqual(Object.keys(leaver).sort(), ['created_at', 'created_by', 'disabled_at', 'disabled_by', 'last_sign_in', 'name', 'role']);
    assert.equal(list.text.includes('scrypt$'), false);
    await server.services.ledger!.staff.disable('leaver', 'cli:test');
    const after = await api(server, 'GET', '/api/admin/staff', { token: session.token });
    assert.deepEqual([after.status, after.json.reason], [401, 'unauthorized']);
    assert.equal((await signIn(server, 'leaver')).status, 401);
  });

  it('signs a session out before its expiry: that token is refused from then on, another session of the account goes on, audited once', async () => {
    const signOuts = async () => (await server.services.ledger!.store.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'staff_sign_out' ORDER BY seq")).map((r) => r.actor);
    const earlier = (await signOuts()).length;
    const { json: one } = await signIn(server, 'operator-1');
    const { json: two } = await signIn(server, 'operator-1');
    assert.equal((await api(server, 'GET', '/api/admin/session', { token: one.token })).status, 200);
    const out = await api(server, 'DELETE', '/api/admin/session', { token: one.token });
    assert.deepEqual([out.status, out.json], [200, { signed_out: true }]);
    const after = await api(server, 'GET', '/api/admin/session', { token: one.token });
    assert.deepEqual([after.status, after.json.reason], [401, 'unauthorized'], 'the signed-out token is refused');
    assert.equal((await api(server, 'DELETE', '/api/admin/session', { token: one.token })).status, 401, 'and cannot sign out again');
    assert.equal((await api(server, 'GET', '/api/admin/session', { token: two.token })).status, 200, 'the other session goes on');
    assert.deepEqual((await signOuts()).slice(earlier), ['staff:operator-1']);
    assert.equal((await api(server, 'DELETE', '/api/admin/session')).status, 401, 'anonymous: nothing to sign out');
  });

  it('stops a server whose /api/admin route is not in the route table (it would skip the guard)', async () => {
    const app = Fastify();
    const s = server.services;
    app.register(async (scope) => {
      adminRoutes({ auth: new StaffAuth({ secret: randomSecret(), ttlSeconds: 60, staff: s.ledger!.staff }), ledger: s.ledger!, tables: s.tables!, tracker: s.tracker, alerts: s.alerts!, system: () => { throw new Error('not asked'); } })(scope);
      scope.get('/api/admin/backdoor', async () => ({ open: true }));
    });
    await assert.rejects(async () => {
      await app.ready();
    }, /GET \/api\/admin\/backdoor is not in the admin route table/);
    const head = Fastify();
    head.register(async (scope) => {
      adminRoutes({ auth: new StaffAuth({ secret: randomSecret(), ttlSeconds: 60, staff: s.ledger!.staff }), ledger: s.ledger!, tables: s.tables!, tracker: s.tracker, alerts: s.alerts!, system: () => { throw new Error('not asked'); } })(scope);
      scope.head('/api/admin/peek', async () => '');
    });
    await assert.rejects(async () => {
      await head.ready();
    }, /\/api\/admin\/peek is not in the admin route table/);
  });

  it('drains a table between rounds: no new seat or round, the running round ends, then the table closes', async () => {
    const socket: Socket = clientSocket(server.port, { params: { token: player } });
    const other: Socket = clientSocket(server.port, { params: { token: (await newGuest(server.url, 'otto')).token } });
    socket.connect();
    other.connect();
    try {
      const events: any[] = [];
      const ch: Channel = socket.channel('table:roulette-1', {});
      ch.on('event', (e) => {
        events.push(e);
      });
      assert.equal((await joinAsync(ch)).status, 'ok');
      assert.equal((await pushAsync(ch, 'sit', {})).status, 'ok');
      const bet = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }], key: crypto.randomUUID() });
      assert.equal(bet.status, 'ok', JSON.stringify(bet.response));

      // Players online: the seated player, at the roulette table.
      const online = await api(server, 'GET', '/api/admin/players', { token: tokens.operator });
      const pia = online.json.players.find((p: any) => p.tables.includes('roulette-1'));
      assert.ok(pia && pia.channels >= 1, JSON.stringify(online.json));

      const drained = await api(server, 'POST', '/api/admin/tables/roulette-1/drain', { token: tokens.operator });
      assert.equal(drained.status, 200, drained.text);
      assert.deepEqual(drained.json, { table_id: 'roulette-1', state: 'draining', round_running: true });
      const listed = await api(server, 'GET', '/api/admin/tables', { token: tokens.technician });
      assert.equal(listed.json.tables.find((t: any) => t.id === 'roulette-1').state, 'draining');
      await waitFor('table_closing shown', () => events.some((e) => e.type === 'table_closing' && e.by === 'staff:operator-1'));

      // A newcomer may not sit; the seated player still bets into the running round.
      const och: Channel = other.channel('table:roulette-1', {});
      assert.equal((await joinAsync(och)).status, 'ok');
      const sit = await pushAsync(och, 'sit', {});
      assert.deepEqual([sit.status, sit.response.reason], ['error', 'table_closing'], JSON.stringify(sit.response));
      assert.match(sit.response.message, /closing/);
      const more = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'black', amount: 100 }], key: crypto.randomUUID() });
      assert.equal(more.status, 'ok', JSON.stringify(more.response));

      // The window closes, the wheel spins, the round settles — and then the table closes.
      await waitFor('the round settled', () => events.some((e) => e.type === 'settled'), 10_000);
      await waitFor('the table closed', () => events.some((e) => e.type === 'table_closed'), 10_000);
      await waitFor('the table gone', () => server.services.tables!.lookup('roulette-1') === undefined);
      const after = await api(server, 'GET', '/api/admin/tables', { token: tokens.operator });
      assert.equal(after.json.tables.some((t: any) => t.id === 'roulette-1'), false);
      assert.equal(events.filter((e) => e.type === 'settled').length, 1, 'no round after the drained one');

      const [row] = await server.services.ledger!.store.query<any>("SELECT * FROM audit_log WHERE action = 'table_drain' ORDER BY seq DESC LIMIT 1");
      assert.deepEqual([row.actor, row.subject, JSON.parse(row.before), JSON.parse(row.after)],
        ['staff:operator-1', 'table:roulette-1', { state: 'open' }, { state: 'draining', round_running: true }]);
    } finally {
      socket.disconnect();
      other.disconnect();
    }
  });

  it('reads the audit log with filters, exports it as CSV and JSON lines, and verifies it — until a row is altered', async () => {
    const admin = tokens.administrator;
    const signIns = await api(server, 'GET', '/api/admin/audit?action=staff_sign_in&limit=2', { token: admin });
    assert.equal(signIns.status, 200, signIns.text);
    assert.equal(signIns.json.rows.length, 2);
    assert.ok(signIns.json.rows.every((r: any) => r.action === 'staff_sign_in'));
    assert.ok(signIns.json.rows[0].seq > signIns.json.rows[1].seq, 'newest first');
    const next = await api(server, 'GET', `/api/admin/audit?action=staff_sign_in&limit=2&before=${signIns.json.next}`, { token: admin });
    assert.ok(next.json.rows.length >= 1 && next.json.rows[0].seq < signIns.json.rows[1].seq);
    const mine = await api(server, 'GET', '/api/admin/audit?actor=staff:operator-1&subject=table:roulette-1', { token: admin });
    assert.deepEqual(mine.json.rows.map((r: any) => r.action), ['table_drain']);
    const future = await api(server, 'GET', `/api/admin/audit?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: admin });
    assert.deepEqual(future.json, { rows: [], next: null });
    for (const q of ['limit=0', 'limit=501', 'since=yesterday', 'color=red']) {
      assert.equal((await api(server, 'GET', `/api/admin/audit?${q}`, { token: admin })).status, 400, q);
    }

    const csv = await api(server, 'GET', '/api/admin/audit/export?format=csv&action=staff_add', { token: admin });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const lines = csv.text.trimEnd().split('\n');
    assert.equal(lines[0], 'seq,at,actor,action,subject,before,after,prev_hash,hash');
    const [{ n }] = await server.services.ledger!.store.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff_add'");
    assert.equal(lines.length, 1 + n);
    assert.ok(n >= STAFF_ROLES.length);
    assert.ok(lines.slice(1).every((l) => l.includes(',cli:test,staff_add,staff:')));
    const jsonl = await api(server, 'GET', '/api/admin/audit/export?format=jsonl', { token: admin });
    const rows = jsonl.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(rows.length > 5);
    assert.deepEqual(rows.map((r) => r.seq), rows.map((_r, i) => rows[0].seq + i), 'every row, oldest first');
    const exported = await api(server, 'GET', '/api/admin/audit?action=audit_export&limit=2', { token: admin });
    assert.deepEqual(exported.json.rows.map((r: any) => [r.actor, JSON.parse(r.after).format]), [['staff:administrator-1', 'jsonl'], ['staff:administrator-1', 'csv']]);

    const good = await api(server, 'GET', '/api/admin/audit/verify', { token: tokens.technician });
    assert.equal(good.status, 200);
    assert.deepEqual([good.json.ok, good.json.problems], [true, []]);

    // Someone with database rights edits a staff row of the log (the trigger out of the way).
    // Statement by statement: the ledger runs on its own thread, where a function cannot go.
    const store = server.services.ledger!.store;
    await store.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await store.query("UPDATE audit_log SET after = '{\"state\":\"open\"}' WHERE action = 'table_drain'");
    await store.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const bad = await api(server, 'GET', '/api/admin/audit/verify', { token: tokens.administrator });
    assert.equal(bad.json.ok, false);
    const [drain] = await store.query<{ seq: number }>("SELECT seq FROM audit_log WHERE action = 'table_drain'");
    assert.deepEqual(bad.json.problems, [{ seq: drain!.seq, problem: 'hash_mismatch' }]);
  });
});

describe('Admin sign-in rate limit', () => {
  let server: RunningServer;
  before(async () => {
    // Behind a trusted local proxy, X-Forwarded-For names the client: many addresses, one account.
    server = await startTestServer({ PITBOSS_RATE_SIGN_IN: '3/60s', PITBOSS_TRUST_PROXY: 'loopback' });
    await server.services.ledger!.staff.add({ name: 'ann', role: 'administrator', passwordHash: await hashPassword(PW) }, 'cli:test');
  });
  after(() => server.stop());

  it('limits attempts per address before any password is checked', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 3; i++) assert.equal((await signIn(server, `guess-${i}`, 'wrong password', from)).status, 401);
    const limited = await signIn(server, 'ann', PW, from);
    assert.deepEqual([limited.status, limited.json.reason], [429, 'rate_limited']);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  it('limits attempts per account from many addresses', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await signIn(server, 'ann', 'wrong password', { 'x-forwarded-for': `198.51.100.${i}` })).status, 401);
    const limited = await signIn(server, 'ann', PW, { 'x-forwarded-for': '198.51.100.99' });
    assert.deepEqual([limited.status, limited.json.reason], [429, 'rate_limited']);
  });
});
