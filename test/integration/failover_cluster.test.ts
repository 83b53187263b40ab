// Failover: two whole servers on the local Redis and one PostgreSQL database. Node B
// reaches Redis through a proxy the test freezes — to the cluster, B is dead (its lease
// lapses), though its process runs on, as after a partition or a long stall. Node A
// takes B's table over from its journal; the round B left open is resolved by A under
// A's fence; a client of A that was playing at B's table rejoins and plays on at A.
// The time from the freeze to the table serving on A is measured and printed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { redisProxy, withDatabase, type FreezableProxy } from '../cluster/support.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

const LEASE_MS = 1000;

describe('failover of a table when its node\'s lease lapses', () => {
  let a: RunningServer;
  let b: RunningServer;
  let proxy: FreezableProxy;
  let db: { url: string; drop(): Promise<void> };
  let socket: Socket | undefined;

  before(async () => {
    db = await withDatabase();
    proxy = await redisProxy();
    const env = {
      PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
      PITBOSS_SECRET: randomBytes(24).toString('base64'),
      PITBOSS_LEASE_MS: String(LEASE_MS),
      DATABASE_URL: db.url,
      LOG_LEVEL: process.env.LOG ?? 'silent', PITBOSS_GUEST_BALANCE: '10000', PITBOSS_BETTING_MS: '1500', PITBOSS_TURN_MS: '10000',
    };
    a = await startTestServer({ ...env, REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_NODE_ID: 'node-a' });
    b = await startTestServer({ ...env, REDIS_URL: proxy.url, PITBOSS_NODE_ID: 'node-b' });
    await waitFor('each node sees the other', () => a.services.membership!.isLive('node-b') && b.services.membership!.isLive('node-a'));
  });
  after(async () => {
    socket?.disconnect();
    proxy.thaw();
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy.close();
    await db?.drop();
  });

  it('starts B\'s table on A from its journal, resolves its open round there, and the client rejoins and plays on', async () => {
    await b.services.tables!.create('baccarat', { id: 'baccarat-f', ephemeral: false });
    const cat = await newGuest(a.url, 'cat');
    socket = clientSocket(a.port, { params: { token: cat.token } });
    socket.connect();
    const ch: Channel = socket.channel('table:baccarat-f', {});
    const events: any[] = [];
    const notices: any[] = [];
    let errors = 0;
    ch.on('event', (e: any) => { events.push(e); });
    ch.on('notice', (n: any) => { notices.push(n); });
    ch.onError(() => { errors++; });
    assert.equal((await joinAsync(ch)).status, 'ok');
    assert.equal((await pushAsync(ch, 'sit', { seat: 1 })).status, 'ok');
    const bet = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 200 }] });
    assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
    const round = bet.response.round_id as string;
    assert.equal((await a.services.ledger!.rounds.get(round))!.status, 'open', 'the round is open on B when B goes');

    const frozeAt = Date.now();
    proxy.freeze();
    await waitFor('the table runs on A', () => a.services.tables!.lookup('baccarat-f') !== undefined, 10_000);
    const movedMs = Date.now() - frozeAt;
    await waitFor('the client rejoined, at A', () => errors > 0 && ch.state === 'joined', 10_000);
    const rejoinedMs = Date.now() - frozeAt;
    console.log(`failover: lease ${LEASE_MS} ms; table serving on node-a ${movedMs} ms after node-b froze, client rejoined after ${rejoinedMs} ms`);
    assert.ok(movedMs < 2 * LEASE_MS + 1000, `moved in ${movedMs} ms`);
    assert.ok(notices.some((n) => n.kind === 'table_moved'));
    assert.equal(b.services.tables!.lookup('baccarat-f'), undefined, 'B stood down when it lost its lease');

    // The open round was resolved by A (never left open), and the money adds up.
    const j = (await a.services.ledger!.rounds.get(round))!;
    assert.equal(j.status, 'settled');
    const open = await a.services.ledger!.store.query<{ n: number }>("SELECT count(*)::int AS n FROM rounds WHERE status = 'open'");
    assert.equal(open[0]!.n, 0, 'no round left open');
    const fence = await a.services.ledger!.fences.holder('baccarat-f');
    assert.equal(fence?.nodeId, 'node-a');
    // B, presumed dead but running, can no longer write a round of the table it lost (fenced in the ledger).
    await assert.rejects(b.services.ledger!.rounds.open({
      roundId: `stale-${round}`, game: 'baccarat', tableId: 'baccarat-f', rulesVersion: 'x', currency: 'PLAY',
      seeds: { serverSeed: 's', clientSeed: 'c', nonce: 0 }, stakes: [{ player: cat.player_id, amount: 100 }],
    }), (e: Error) => e.name === 'StaleOwnerError');
    const payout = j.results.find((r) => r.player === cat.player_id)?.payout ?? 0;
    const me = (await (await fetch(`${a.url}/api/me`, { headers: { authorization: `Bearer ${cat.token}` } })).json()) as { balance: number };
    assert.equal(me.balance, 10_000 - 200 + payout);

    // The table serves: the player sits again (the resumed seat, or a new one) and plays a coup on A.
    const sit = await pushAsync(ch, 'sit', { seat: 1 });
    assert.ok(sit.status === 'ok' || sit.response.reason === 'already_seated', JSON.stringify(sit.response));
    const again = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'player', amount: 100 }] });
    assert.equal(again.status, 'ok', JSON.stringify(again.response));
    await waitFor('a coup settles on A', () => events.some((e) => e.type === 'settled' && e.round_id === again.response.round_id), 10_000);
  });
});
