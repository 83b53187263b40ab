// The live dashboard's channel on a real server: only a staff session joins `admin:dashboard`
// (anonymous, player and forged tokens refused, each with its own reason); each role is
// pushed exactly the sections the permission table lets it see; the tracker counts the
// channel as `admin_channel`; a player joining a table shows in the next snapshots; a
// disabled account's dashboard ends. And availability per component and day, as JSON and CSV.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Socket, type SocketConnectOption } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { GRANTS, SECTION_PERMISSIONS, hashPassword, type Permission } from '../../src/casino/index.ts';
import { STAFF_ROLES, type StaffRole } from '../../src/ledger/index.ts';
import { clientSocket, joinAsync, newGuest, startTestServer, waitFor } from '../integration/helpers.ts';

const PW = 'a long enough password';

function adminSocket(port: number, authToken?: string): Socket {
  return new Socket(`ws://127.0.0.1:${port}/admin/socket`, {
    transport: WebSocket as unknown as SocketConnectOption['transport'],
    reconnectAfterMs: () => 50, rejoinAfterMs: () => 60_000, timeout: 3000,
    ...(authToken !== undefined ? { authToken } : {}),
  });
}

const allowed = (role: StaffRole) => Object.entries(SECTION_PERMISSIONS).filter(([, p]) => GRANTS[p as Permission].includes(role)).map(([s]) => s).sort();

describe('The admin channel', () => {
  let server: RunningServer;
  const tokens = {} as Record<StaffRole, string>;
  const sockets: Socket[] = [];
  const open = (token?: string) => {
    const s = adminSocket(server.port, token);
    s.connect();
    sockets.push(s);
    return s;
  };
  before(async () => {
    server = await startTestServer({ PITBOSS_BETTING_MS: '1500' });
    const hash = await hashPassword(PW);
    for (const role of STAFF_ROLES) {
      await server.services.ledger!.staff.add({ name: `${role}-1`, role, passwordHash: hash }, 'cli:test');
      const res = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `${role}-1`, password: PW }) });
      tokens[role] = ((await res.json()) as { token: string }).token;
    }
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('refuses a socket with no token, a player token and a forged one, each saying why', async () => {
    const player = await newGuest(server.url, 'pia');
    const cases: Array<[string | undefined, string, string]> = [
      [undefined, 'unauthorized', 'token_missing'],
      [player.token, 'forbidden', 'player_token'],
      [`${tokens.administrator.slice(0, -4)}AAAA`, 'unauthorized', 'token_invalid'],
    ];
    for (const [token, reason, problem] of cases) {
      const r = await joinAsync(open(token).channel('admin:dashboard', {}));
      assert.equal(r.status, 'error', JSON.stringify(r));
      assert.equal(r.response.reason, reason);
      assert.equal(r.response.problem, problem);
      assert.ok(r.response.message.length > 10);
    }
    // A staff token never opens the player's socket either (its own endpoint, its own key).
    const onPlayerSocket = clientSocket(server.port, { params: { token: tokens.administrator } });
    let refused = false;
    onPlayerSocket.onError(() => { refused = true; });
    onPlayerSocket.connect();
    await waitFor('the player socket refuses a staff token', () => refused);
    onPlayerSocket.disconnect();
  });

  it('gives each role exactly the sections the permission table allows, in the reply and in every push', async () => {
    for (const role of STAFF_ROLES) {
      const ch = open(tokens[role]).channel('admin:dashboard', {});
      const pushes: any[] = [];
      ch.on('snapshot', (p) => { pushes.push(p); });
      const r = await joinAsync(ch);
      assert.equal(r.status, 'ok', JSON.stringify(r.response));
      assert.equal(r.response.role, role);
      assert.deepEqual([...r.response.sections].sort(), allowed(role), role);
      assert.deepEqual(r.response.permissions, Object.keys(GRANTS).filter((p) => GRANTS[p as Permission].includes(role)));
      assert.deepEqual(Object.keys(r.response.snapshot.sections).sort(), allowed(role), `${role}: join snapshot`);
      await waitFor(`${role}: two pushes`, () => pushes.length >= 2, 5000);
      for (const p of pushes) {
        assert.deepEqual(Object.keys(p.sections).sort(), allowed(role), `${role}: pushed sections`);
        // Chart groups and events follow the same rule.
        for (const g of Object.keys(p.point).filter((k) => k !== 't')) assert.ok(allowed(role).includes(g), `${role} got chart group ${g}`);
        for (const e of p.events) assert.ok(allowed(role).includes(e.section), `${role} got a ${e.section} event`);
      }
      if (role === 'operator') {
        assert.equal(pushes[0].sections.system, undefined);
        assert.equal(pushes[0].point.system, undefined, 'no memory or connection charts for an operator');
        assert.ok(pushes[0].sections.players);
      }
      if (role === 'technician') {
        assert.equal(pushes[0].sections.players, undefined, 'a technician is not told who plays');
        assert.ok(pushes[0].sections.system.runtime.memory.rss > 0);
        assert.ok(Array.isArray(pushes[0].sections.availability.components));
      }
      ch.leave();
    }
  });

  it('is counted by the connection tracker as admin_channel, and its socket as a dashboard_view', async () => {
    // Channels of the tests before have left; their processes are gone once this reads 0.
    await waitFor('no admin channel', () => server.services.tracker.count('admin_channel') === 0);
    const before = server.services.tracker.counts();
    const s = open(tokens.technician);
    const ch = s.channel('admin:dashboard', {});
    assert.equal((await joinAsync(ch)).status, 'ok');
    await waitFor('admin_channel counted', () => server.services.tracker.count('admin_channel') === before['admin_channel']! + 1);
    assert.equal(server.services.tracker.count('dashboard_view'), before['dashboard_view']! + 1);
    s.disconnect();
    await waitFor('admin_channel gone', () => server.services.tracker.count('admin_channel') === before['admin_channel']);
  });

  it('shows a player who joins a table in the next snapshots, without asking', async () => {
    const ch = open(tokens.operator).channel('admin:dashboard', {});
    let last: any = null;
    ch.on('snapshot', (p) => (last = p));
    const r = await joinAsync(ch);
    const was = r.response.snapshot.sections.players.total as number;
    const guest = await newGuest(server.url, 'tom');
    const ps = clientSocket(server.port, { params: { token: guest.token } });
    ps.connect();
    sockets.push(ps);
    assert.equal((await joinAsync(ps.channel('table:roulette-1', {}))).status, 'ok');
    await waitFor('the player shows', () => last?.sections.players.list.some((p: any) => p.player_id === guest.player_id && p.tables.includes('roulette-1')), 5000);
    assert.ok(last.sections.players.total >= was + 1);
    assert.ok(last.point.players.online >= was + 1);
    ch.leave();
  });

  it('refuses the dashboard to an account disabled after it signed in (its token still unexpired)', async () => {
    const hash = await hashPassword(PW);
    await server.services.ledger!.staff.add({ name: 'olga', role: 'operator', passwordHash: hash }, 'cli:test');
    const res = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'olga', password: PW }) });
    const token = ((await res.json()) as { token: string }).token;
    // The join reads the account again; a dashboard already open ends at its next recheck (10 s, not tested here).
    await server.services.ledger!.staff.disable('olga', 'cli:test');
    const r = await joinAsync(open(token).channel('admin:dashboard', {}));
    assert.equal(r.status, 'error');
    assert.equal(r.response.reason, 'unauthorized');
  });

  it('ends an open dashboard at its recheck when the account is disabled, and follows a role changed in the database', async () => {
    const hash = await hashPassword(PW);
    const tokenOf = async (name: string) => {
      const res = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password: PW }) });
      return ((await res.json()) as { token: string }).token;
    };
    await server.services.ledger!.staff.add({ name: 'dora', role: 'operator', passwordHash: hash }, 'cli:test');
    await server.services.ledger!.staff.add({ name: 'rolf', role: 'operator', passwordHash: hash }, 'cli:test');
    const dora = open(await tokenOf('dora'));
    const doraCh = dora.channel('admin:dashboard', {});
    let ended: any = null;
    let closed = false;
    doraCh.on('session_ended', (p) => { ended = p; });
    dora.onClose(() => { closed = true; });
    const rolfCh = open(await tokenOf('rolf')).channel('admin:dashboard', {});
    let changed: any = null;
    let lastRolf: any = null;
    rolfCh.on('session_changed', (p) => { changed = p; });
    rolfCh.on('snapshot', (p) => { lastRolf = p; });
    assert.equal((await joinAsync(doraCh)).status, 'ok');
    assert.equal((await joinAsync(rolfCh)).status, 'ok');
    await server.services.ledger!.staff.disable('dora', 'cli:test');
    await server.services.ledger!.store.query("UPDATE staff SET role = 'technician' WHERE name = 'rolf'");
    // The channel reads the account every 10 s.
    await waitFor('dora told her session ended', () => ended !== null, 15_000);
    assert.equal(ended.reason, 'unauthorized');
    await waitFor('dora’s socket closed', () => closed, 5000);
    await waitFor('rolf told his role changed', () => changed !== null, 5000);
    assert.equal(changed.role, 'technician');
    assert.ok(changed.permissions.includes('system.view'));
    const after = lastRolf.at;
    await waitFor('a snapshot for the new role', () => lastRolf.at > after && lastRolf.sections.system !== undefined, 5000);
    assert.equal(lastRolf.sections.players, undefined, 'no longer an operator: no players');
    rolfCh.leave();
  });

  it('reports availability per component and day, as JSON and as CSV', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const get = (q: string, role: StaffRole) => fetch(`${server.url}/api/admin/availability${q}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
    const json = (await (await get('', 'technician')).json()) as { rows: any[]; to: string };
    assert.equal(json.to, today);
    const components = json.rows.filter((r) => r.day === today).map((r) => r.component);
    assert.ok(components.includes(`server:${server.services.config.nodeId}`), JSON.stringify(json.rows));
    assert.ok(components.includes('database'));
    for (const r of json.rows) assert.ok(r.availability_percent >= 0 && r.availability_percent <= 100);
    const server_ = json.rows.find((r) => r.component.startsWith('server:'));
    assert.equal(server_.availability_percent, 100, 'the server has been up since its first record');
    const csv = await get(`?format=csv&from=${today}&to=${today}`, 'administrator');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0], 'day,component,up_seconds,observed_seconds,availability_percent');
    assert.ok(lines.some((l) => l.startsWith(`${today},database,`)));
    assert.equal((await get('', 'operator')).status, 403);
    assert.equal((await get('?from=2026-13-01', 'administrator')).status, 400);
  });
});
