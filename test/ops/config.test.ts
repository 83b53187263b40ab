// The hall's runtime configuration on a real server (src/main.ts, an ephemeral port) with
// the official phoenix client at the tables: a change made while a round runs applies
// from the next round only (the running round keeps the limits it opened with, in play and
// in its journal), a slot machine's paytable changes from the next spin, invalid changes
// are refused with precise errors and change nothing, only administrators change, every
// change is audited with before and after, and terminals acknowledge the version they run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { hashPassword } from '../../src/casino/index.ts';
import { STAFF_ROLES, type StaffRole } from '../../src/ledger/index.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';
import { startProxy, terminalClient } from '../terminal/support.ts';
import type { TerminalConfig } from '../../src/terminal/index.ts';

const PW = 'a long enough password';
const BETTING_MS = 2500;

async function api(server: RunningServer, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

describe('Runtime configuration', () => {
  let server: RunningServer;
  let socket: Socket;
  const tokens = {} as Record<StaffRole, string>;
  before(async () => {
    server = await startTestServer({ PITBOSS_BETTING_MS: String(BETTING_MS) });
    const hash = await hashPassword(PW);
    for (const role of STAFF_ROLES) {
      await server.services.ledger!.staff.add({ name: `${role}-1`, role, passwordHash: hash }, 'cli:test');
      const r = await api(server, 'POST', '/api/admin/session', { body: { name: `${role}-1`, password: PW } });
      assert.equal(r.status, 201, r.text);
      tokens[role] = r.json.token;
    }
    const guest = await newGuest(server.url, 'cora');
    socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  const admin = (method: string, path: string, body?: unknown) => api(server, method, path, { token: tokens.administrator, ...(body !== undefined ? { body } : {}) });
  const open = async (id: string) => {
    const ch: Channel = socket.channel(`table:${id}`, {});
    const seen: { state: any; events: any[] } = { state: null, events: [] };
    ch.on('state', (s) => void (seen.state = s));
    ch.on('event', (e) => void seen.events.push(e));
    const joined = await joinAsync(ch);
    assert.equal(joined.status, 'ok', JSON.stringify(joined.response));
    seen.state = joined.response.state;
    return { ch, seen };
  };
  const bet = (ch: Channel, amount: number) => pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount }], key: crypto.randomUUID() });
  /** The config the round's opening step journaled (what it was played under). */
  const journaled = async (roundId: string) => {
    const j = await server.services.ledger!.rounds.get(roundId);
    return (j!.actions[0]!.action as any).table.config;
  };

  it('applies a roulette limit changed while a round runs only from the next round: the running one plays and settles under the old', async () => {
    await server.services.tables!.create('roulette', { id: 'cfg-ro', shared: true, ephemeral: false });
    const { ch, seen } = await open('cfg-ro');
    assert.equal((await pushAsync(ch, 'sit', {})).status, 'ok');
    assert.deepEqual([seen.state.table.max_bet, seen.state.table.config_version], [50_000, 0]);
    const first = await bet(ch, 2000);
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    const round1 = first.response.round_id as string;

    // The betting window is open: the round runs. The administrator lowers the maximum.
    const put = await admin('PUT', '/api/admin/config/games/roulette', { max_bet: 1000, max_per_bet: 500 });
    assert.equal(put.status, 200, put.text);
    const version = put.json.version as number;
    assert.ok(version >= 1);
    assert.deepEqual(put.json.after, { min_bet: 10, max_bet: 1000, max_per_bet: 500 });
    assert.deepEqual(put.json.before, { min_bet: 10, max_bet: 50_000, max_per_bet: null });
    // roulette-1 (the default table) has no round: it took the change at once; cfg-ro holds it as pending.
    assert.deepEqual(put.json.tables, { tables: 2, pending: 1 }, 'the table holds the change as pending while its round runs');

    // Still in the running round, the old limits hold: 2000 + 1500 is above the new maximum, and accepted.
    const more = await bet(ch, 1500);
    assert.equal(more.status, 'ok', `the running round keeps its limits: ${JSON.stringify(more.response)}`);
    assert.equal(seen.events.some((e) => e.type === 'config_changed'), false, 'not applied mid-round');
    const cfg = await admin('GET', '/api/admin/config');
    assert.deepEqual(cfg.json.tables.pending.find((t: any) => t.id === 'cfg-ro'), { id: 'cfg-ro', game: 'roulette', config_version: 0 });

    await waitFor('the round settles', () => seen.events.some((e) => e.type === 'settled' && e.round_id === round1), BETTING_MS + 4000);
    await waitFor('the new limits, after the settlement', () => seen.events.some((e) => e.type === 'config_changed'));
    const settledAt = seen.events.findIndex((e) => e.type === 'settled' && e.round_id === round1);
    const changedAt = seen.events.findIndex((e) => e.type === 'config_changed');
    assert.ok(changedAt > settledAt, 'config_changed comes after the settlement');
    assert.deepEqual(seen.events[changedAt], { seq: seen.events[changedAt].seq, type: 'config_changed', version, min_bet: 10, max_bet: 1000, max_per_bet: 500 });
    await waitFor('the state shows them', () => seen.state.table.max_bet === 1000);
    assert.deepEqual([seen.state.table.max_per_bet, seen.state.table.config_version], [500, version]);

    // The ledger: round 1 staked 3500 and was journaled under the old config.
    const j1 = await server.services.ledger!.rounds.get(round1);
    assert.equal(j1!.stakes.reduce((t, s) => t + s.amount, 0), 3500);
    assert.equal(j1!.status, 'settled');
    const c1 = await journaled(round1);
    assert.deepEqual([c1.maxBet, c1.configVersion ?? 0], [50_000, 0]);

    // The next round opens under the new limits.
    const over = await bet(ch, 600);
    assert.deepEqual([over.status, over.response.reason], ['error', 'above_max'], 'per-spot limit');
    const over2 = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 500 }, { type: 'odd', amount: 500 }, { type: 'low', amount: 100 }], key: crypto.randomUUID() });
    assert.deepEqual([over2.status, over2.response.reason], ['error', 'above_max'], 'table maximum');
    const second = await bet(ch, 500);
    assert.equal(second.status, 'ok', JSON.stringify(second.response));
    const c2 = await journaled(second.response.round_id);
    assert.deepEqual([c2.maxBet, c2.options.max_per_bet, c2.configVersion], [1000, 500, version]);
    const after = await admin('GET', '/api/admin/config');
    assert.equal(after.json.tables.pending.some((t: any) => t.id === 'cfg-ro'), false);
    assert.deepEqual(after.json.games.roulette, { min_bet: 10, max_bet: 1000, max_per_bet: 500, version });
    ch.leave();
  });

  it('plays the next slots spin on the paytable chosen, never on one from the network', async () => {
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    const id = (await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id as string;
    const { ch, seen } = await open(id);
    assert.equal(seen.state.game.machine.id, 'classic');
    const s1 = await pushAsync(ch, 'act', { action: 'spin', bet: 20, key: crypto.randomUUID() });
    assert.equal(s1.status, 'ok', JSON.stringify(s1.response));

    const put = await admin('PUT', '/api/admin/config/games/slots', { machine: 'volcano', min_bet: 10 });
    assert.equal(put.status, 200, put.text);
    await waitFor('the table takes it at once: no spin is under way', () => seen.events.some((e) => e.type === 'config_changed' && e.machine === 'volcano'));
    await waitFor('the state shows the new machine', () => seen.state?.game?.machine?.id === 'volcano');
    const s2 = await pushAsync(ch, 'act', { action: 'spin', bet: 10, key: crypto.randomUUID() });
    assert.equal(s2.status, 'ok', JSON.stringify(s2.response));

    const j1 = await server.services.ledger!.rounds.get(s1.response.round_id);
    const j2 = await server.services.ledger!.rounds.get(s2.response.round_id);
    assert.deepEqual([(j1!.stakes[0]!.bet as any).machine, (j2!.stakes[0]!.bet as any).machine], ['classic', 'volcano']);
    assert.equal((await journaled(s2.response.round_id)).configVersion, put.json.version);

    // A machine by content, or one not shipped, is refused.
    for (const machine of [{ id: 'mine', pays: [] }, 'jackpot-city']) {
      const r = await admin('PUT', '/api/admin/config/games/slots', { machine });
      assert.deepEqual([r.status, r.json.reason], [400, 'invalid_payload'], JSON.stringify(machine));
      assert.match(r.json.message, /^machine: must be a shipped machine: classic, volcano/);
    }
    ch.leave();
    lobby.leave();
  });

  it('refuses invalid changes with a precise reason, and changes nothing', async () => {
    const before = await admin('GET', '/api/admin/config');
    const history = await admin('GET', '/api/admin/config/history');
    const audits = await admin('GET', '/api/admin/audit?action=config_change&limit=500');
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['blackjack', { min_bet: -5 }, 400, /^min_bet: must be positive$/],
      ['blackjack', { min_bet: 0 }, 400, /^min_bet: must be positive$/],
      ['blackjack', { max_bet: 100.5 }, 400, /^max_bet: must be an integer of minor units$/],
      ['blackjack', { max_bet: '500' }, 400, /^max_bet: /],
      ['blackjack', { min_bet: 600, max_bet: 500 }, 400, /^min_bet 600 is above max_bet 500$/],
      ['blackjack', { max_bet: 50 }, 400, /^min_bet 100 is above max_bet 50$/],
      ['blackjack', { max_bet: 2e12 }, 400, /^max_bet: must be at most 1000000000000$/],
      ['blackjack', { max_per_bet: 100 }, 400, /Unrecognized key.*max_per_bet/],
      ['blackjack', {}, 400, /^name at least one setting to change$/],
      ['baccarat', { max_per_bet: 60_000 }, 400, /^max_per_bet 60000 must lie between min_bet 100 and max_bet 50000$/],
      ['slots', { machine: 'nope' }, 400, /^machine: must be a shipped machine/],
      ['slots', { min_bet: 15 }, 400, /^min_bet 15 is not a multiple of machine volcano's 10 paylines$/],
      ['holdem', { min_bet: 100 }, 404, /^no configurable game holdem/],
      ['chess', { min_bet: 100 }, 404, /^no configurable game chess/],
      ['roulette', { max_bet: 1000, max_per_bet: 500 }, 400, /^no change: the configuration already holds these values$/],
    ];
    for (const [game, body, status, message] of cases) {
      const r = await admin('PUT', `/api/admin/config/games/${game}`, body);
      assert.equal(r.status, status, `${game} ${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.json.message, message, `${game} ${JSON.stringify(body)}`);
    }
    for (const [body, message] of [
      [{ contribution_bps: -1 }, /^contribution_bps: must not be negative$/],
      [{ contribution_bps: 1.5 }, /^contribution_bps: must be an integer of basis points$/],
      [{ contribution_bps: 1001 }, /^contribution_bps: must be at most 1000/],
      [{ contribution_bps: 100, seed: 5 }, /Unrecognized key/],
      [{ contribution_bps: 100 }, /^no change/],
    ] as const) {
      const r = await admin('PUT', '/api/admin/config/jackpots/mega', body);
      assert.equal(r.status, 400, r.text);
      assert.match(r.json.message, message);
    }
    const unknown = await admin('PUT', '/api/admin/config/jackpots/nope', { contribution_bps: 5 });
    assert.deepEqual([unknown.status, unknown.json.reason], [404, 'not_found']);
    const notJson = await fetch(`${server.url}/api/admin/config/games/blackjack`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.administrator}`, 'content-type': 'application/json' }, body: '{"min_bet": 1' });
    assert.equal(notJson.status, 400);

    assert.deepEqual((await admin('GET', '/api/admin/config')).json, before.json, 'the configuration is as it was');
    assert.deepEqual((await admin('GET', '/api/admin/config/history')).json, history.json, 'no version was written');
    assert.deepEqual((await admin('GET', '/api/admin/audit?action=config_change&limit=500')).json.rows, audits.json.rows, 'nothing audited');
  });

  it('lets only administrators change it; operators and technicians read it', async () => {
    for (const role of ['operator', 'technician'] as const) {
      const put = await api(server, 'PUT', '/api/admin/config/games/blackjack', { token: tokens[role], body: { max_bet: 40_000 } });
      assert.deepEqual([put.status, put.json.reason], [403, 'forbidden'], role);
      const jp = await api(server, 'PUT', '/api/admin/config/jackpots/mega', { token: tokens[role], body: { contribution_bps: 50 } });
      assert.equal(jp.status, 403, role);
      for (const path of ['/api/admin/config', '/api/admin/config/history', '/api/admin/config/terminals']) {
        assert.equal((await api(server, 'GET', path, { token: tokens[role] })).status, 200, `${role} ${path}`);
      }
    }
    assert.equal((await api(server, 'GET', '/api/admin/config')).status, 401);
    assert.equal((await api(server, 'PUT', '/api/admin/config/games/blackjack', { body: { max_bet: 1 } })).status, 401);
    assert.equal((await admin('GET', '/api/admin/config')).json.games.blackjack.max_bet, 50_000, 'the refused changes changed nothing');
  });

  it('audits every change with who, before and after, and keeps each as a version with its history', async () => {
    const jp = await admin('PUT', '/api/admin/config/jackpots/mega', { contribution_bps: 150 });
    assert.equal(jp.status, 200, jp.text);
    assert.deepEqual([jp.json.before, jp.json.after], [{ contribution_bps: 100 }, { contribution_bps: 150 }]);
    assert.equal((await server.services.ledger!.jackpots.get('mega'))!.contributionBps, 150, 'the pool contributes at the new rate from its next contribution');
    const rows = (await admin('GET', '/api/admin/audit?action=config_change&limit=500')).json.rows as any[];
    const ro = rows.find((r) => r.subject === 'game:roulette');
    assert.equal(ro.actor, 'staff:administrator-1');
    assert.deepEqual(JSON.parse(ro.before), { max_bet: 50_000, max_per_bet: null, min_bet: 10 });
    assert.deepEqual(JSON.parse(ro.after), { max_bet: 1000, max_per_bet: 500, min_bet: 10, version: JSON.parse(ro.after).version });
    const pool = rows.find((r) => r.subject === 'jackpot:mega' && r.actor === 'staff:administrator-1');
    assert.equal(JSON.parse(pool.before).contributionBps, 100);
    assert.deepEqual([JSON.parse(pool.after).contributionBps, JSON.parse(pool.after).version], [150, jp.json.version]);

    const h = (await admin('GET', '/api/admin/config/history')).json;
    assert.deepEqual(h.rows.map((r: any) => r.scope), ['jackpot:mega', 'game:slots', 'game:roulette']);
    assert.deepEqual(h.rows.map((r: any) => r.version), [3, 2, 1]);
    assert.ok(h.rows.every((r: any) => r.actor === 'staff:administrator-1' && !Number.isNaN(Date.parse(r.at))));
    const page = (await admin('GET', '/api/admin/config/history?scope=game:roulette&limit=1')).json;
    assert.deepEqual([page.rows.length, page.rows[0].value], [1, { min_bet: 10, max_bet: 1000, max_per_bet: 500 }]);
    assert.equal((await admin('GET', '/api/admin/config')).json.version, 3);
    const verify = await admin('GET', '/api/admin/audit/verify');
    assert.equal(verify.json.ok, true);
  });

  it('pushes the configuration to terminals, records the version each acknowledges, and lists those that lag', async () => {
    const dir = server.services.terminals.directory!;
    const a = await dir.add('cfg-a', { currency: 'PLAY' });
    const b = await dir.add('cfg-b', { currency: 'PLAY' });
    await dir.add('cfg-never', { currency: 'PLAY' });
    const applied: Record<string, number[]> = { a: [], b: [] };
    const proxy = await startProxy(server.port);
    const ta = terminalClient(server.port, { terminalId: 'cfg-a', secret: a.secret, onConfig: (c: TerminalConfig) => void applied.a!.push(c.version) });
    const tb = terminalClient(proxy.port, { terminalId: 'cfg-b', secret: b.secret, onConfig: (c: TerminalConfig) => void applied.b!.push(c.version) });
    try {
      await ta.start();
      await tb.start();
      const v0 = (await admin('GET', '/api/admin/config')).json.version as number;
      await waitFor('both acknowledge the current version', () => ta.ackedVersion === v0 && tb.ackedVersion === v0);
      assert.equal(ta.config!.games['roulette']!.max_bet, 1000, 'the cabinet got the content, not only the number');
      assert.equal(ta.config!.jackpots['mega']!.contribution_bps, 150);
      let list = (await admin('GET', '/api/admin/config/terminals')).json;
      const row = (id: string) => list.terminals.find((t: any) => t.id === id);
      assert.deepEqual([row('cfg-a').config_version, row('cfg-a').lag], [v0, false]);
      assert.deepEqual([row('cfg-never').config_version, row('cfg-never').lag], [null, true], 'never acknowledged: lagging');

      // b loses its network; a change is made; a acknowledges it at once, b lags.
      proxy.offline();
      await waitFor('b is cut off', () => !tb.connected);
      const put = await admin('PUT', '/api/admin/config/games/blackjack', { max_bet: 40_000 });
      assert.equal(put.status, 200, put.text);
      const v1 = put.json.version as number;
      await waitFor('a acknowledges the pushed version', () => ta.ackedVersion === v1);
      assert.equal(ta.config!.games['blackjack']!.max_bet, 40_000);
      list = (await admin('GET', '/api/admin/config/terminals')).json;
      assert.equal(list.version, v1);
      assert.deepEqual([row('cfg-a').config_version, row('cfg-a').lag], [v1, false]);
      assert.deepEqual([row('cfg-b').config_version, row('cfg-b').lag], [v0, true]);
      assert.equal(list.lagging, 2, 'b and the terminal that never connected');
      const techList = await api(server, 'GET', '/api/admin/config/terminals', { token: tokens.technician });
      assert.equal(techList.status, 200);

      // b comes back: its rejoin's reply carries the configuration, and it catches up.
      proxy.online();
      await waitFor('b catches up', () => tb.ackedVersion === v1, 8000);
      list = (await admin('GET', '/api/admin/config/terminals')).json;
      assert.deepEqual([row('cfg-b').config_version, row('cfg-b').lag], [v1, false]);
      assert.deepEqual(applied.a, [v0, v1]);
      assert.ok(applied.b!.includes(v1));
    } finally {
      ta.stop();
      tb.stop();
      await proxy.close();
    }
  });

  it('refuses an acknowledgement of a version the hall never had', async () => {
    const dir = server.services.terminals.directory!;
    const c = await dir.add('cfg-c', { currency: 'PLAY' });
    const t = terminalClient(server.port, { terminalId: 'cfg-c', secret: c.secret });
    try {
      await t.start();
      await waitFor('joined', () => t.connected && t.ackedVersion !== null);
      const version = (await admin('GET', '/api/admin/config')).json.version as number;
      // The client acks only what it was sent: a second, raw socket of the same terminal sends the rest.
      const { Socket } = await import('phoenix');
      const raw = new Socket(`ws://127.0.0.1:${server.port}/terminal`, { transport: WebSocket as any, authToken: `cfg-c:${c.secret}` } as any);
      raw.connect();
      const rch = raw.channel('terminal:cfg-c', {});
      assert.equal((await joinAsync(rch)).status, 'ok');
      for (const [payload, re] of [[{ version: version + 1 }, new RegExp(`^version: the hall's configuration is at version ${version}$`)], [{ version: -1 }, /^version: version must not be negative$/], [{ version: 1.5 }, /^version: version must be an integer$/]] as const) {
        const r = await pushAsync(rch, 'config_ack', payload);
        assert.deepEqual([r.status, r.response.reason], ['error', 'invalid_payload'], JSON.stringify(payload));
        assert.match(r.response.message, re);
      }
      const acks = await server.services.ledger!.configs.acks();
      assert.equal(acks.find((x) => x.terminalId === 'cfg-c')!.version, version, 'the refused acks recorded nothing');
      raw.disconnect();
    } finally {
      t.stop();
    }
  });
});
