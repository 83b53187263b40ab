// The hall's configuration across a cluster: two whole servers on the local Redis and one
// PostgreSQL database. An administrator changes baccarat's limits on node A while a round
// runs at a table node B owns: B hears the announcement, reads the change from the
// database, and its table takes it only once that round has settled — the official phoenix
// client, connected to A, sees the round finish under the old maximum and the next refuse
// the new one. A cabinet connected to B acknowledges the version A wrote.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { hashPassword } from '../../src/casino/index.ts';
import { withDatabase } from '../cluster/support.ts';
import { terminalClient } from '../terminal/support.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

const BETTING_MS = 3000;
const PW = 'a long enough password';

describe('runtime configuration in a cluster', () => {
  let a: RunningServer;
  let b: RunningServer;
  let db: { url: string; drop(): Promise<void> };
  let socket: Socket | undefined;

  before(async () => {
    db = await withDatabase();
    const env = {
      PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
      PITBOSS_SECRET: randomBytes(24).toString('base64'),
      DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: process.env.LOG ?? 'silent', PITBOSS_GUEST_BALANCE: '10000', PITBOSS_BETTING_MS: String(BETTING_MS),
    };
    a = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-a' });
    b = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-b' });
    await waitFor('each node sees the other', () => a.services.membership!.isLive('node-b') && b.services.membership!.isLive('node-a'));
  });
  after(async () => {
    socket?.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('applies a change made on one node to a table on another from its next round, and a cabinet on that node acknowledges it', async () => {
    await b.services.tables!.create('baccarat', { id: 'baccarat-cfg', ephemeral: false });
    await a.services.ledger!.staff.add({ name: 'ann', role: 'administrator', passwordHash: await hashPassword(PW) }, 'cli:test');
    const session = await (await fetch(`${a.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ann', password: PW }) })).json() as { token: string };
    const { secret } = await b.services.terminals.directory!.add('cab-cfg', { currency: 'PLAY' });
    const cab = terminalClient(b.port, { terminalId: 'cab-cfg', secret });
    await cab.start();
    await waitFor('the cabinet acknowledges version 0', () => cab.ackedVersion === 0);

    const guest = await newGuest(a.url, 'dot');
    socket = clientSocket(a.port, { params: { token: guest.token } });
    socket.connect();
    const ch: Channel = socket.channel('table:baccarat-cfg', {});
    const events: any[] = [];
    ch.on('event', (e: any) => void events.push(e));
    assert.equal((await joinAsync(ch)).status, 'ok');
    assert.equal((await pushAsync(ch, 'sit', { seat: 1 })).status, 'ok');
    const first = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 200 }] });
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    const round1 = first.response.round_id as string;

    // On node A, while B's table has its round open.
    const put = await fetch(`${a.url}/api/admin/config/games/baccarat`, {
      method: 'PUT', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ max_bet: 300 }),
    });
    assert.equal(put.status, 200, await put.clone().text());
    const { version } = await put.json() as { version: number };
    await waitFor('B has read the change', () => b.services.configs!.view().version === version);
    assert.deepEqual(b.services.tables!.configOf('baccarat-cfg'), { version: 0, pending: true }, 'pending on B while its round runs');

    const more = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 200 }] });
    assert.equal(more.status, 'ok', `the running round keeps its maximum: ${JSON.stringify(more.response)}`);
    await waitFor('the round settles', () => events.some((e) => e.type === 'settled' && e.round_id === round1), BETTING_MS + 5000);
    await waitFor('then the table takes the change', () => events.some((e) => e.type === 'config_changed' && e.version === version));
    assert.deepEqual(b.services.tables!.configOf('baccarat-cfg'), { version, pending: false });
    const j1 = await a.services.ledger!.rounds.get(round1);
    assert.equal(j1!.stakes.reduce((t, s) => t + s.amount, 0), 400);
    assert.equal((j1!.actions[0]!.action as any).table.config.maxBet, 50_000);

    const over = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 400 }] });
    assert.deepEqual([over.status, over.response.reason], ['error', 'above_max']);

    await waitFor('the cabinet on B acknowledges the version written on A', () => cab.ackedVersion === version);
    const list = await (await fetch(`${a.url}/api/admin/config/terminals`, { headers: { authorization: `Bearer ${session.token}` } })).json() as any;
    assert.deepEqual(list.terminals.find((t: any) => t.id === 'cab-cfg').lag, false, 'A lists what the cabinet acknowledged on B');
    cab.stop();
  });
});
