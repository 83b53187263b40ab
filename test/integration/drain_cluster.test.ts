// Tables handed over by a draining node (two servers in this process on the local Redis, a
// PostgreSQL database of the test's own). A private slots table on B moves to A, its
// player's table still (their next spin is answered on A, find_table finds it there). Node B owns the table; two players
// connected to node A sit at it and a hand is dealt. B drains with the hand waiting on a
// player: the hand is ended by the table's own turn clock and settles on B (not by
// recovery), then the table moves to A with its seats, stacks and button (hold'em's state
// is journaled, so it travels) and its next-hand timer, so A deals the next hand to both
// players without anyone sitting again; the players' channels are told the table moved
// and rejoin it on A.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { withDatabase } from '../cluster/support.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

interface Seat {
  guest: Guest;
  socket: Socket;
  ch: Channel;
  state: any;
  events: any[];
  notices: any[];
}

describe("draining a node with a hold'em hand running", () => {
  let a: RunningServer;
  let b: RunningServer;
  let db: { url: string; drop(): Promise<void> };
  const sockets: Socket[] = [];

  before(async () => {
    db = await withDatabase();
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
      PITBOSS_SECRET: randomBytes(24).toString('base64'), DATABASE_URL: db.url, PITBOSS_LEASE_MS: '1000',
      LOG_LEVEL: process.env.LOG ?? 'silent', PITBOSS_GUEST_BALANCE: '10000', PITBOSS_DRAIN_TIMEOUT_MS: '20000'
    };
    a = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-a' });
    b = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-b' });
    await waitFor('each node sees the other', () =>
      a.services.membership!.liveNodes().join() === 'node-a,node-b' && b.services.membership!.liveNodes().join() === 'node-a,node-b');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('ends the hand by its clock on the draining node, then deals the next one on the new owner with the same seats, stacks and button', async () => {
    const id = 'holdem-drain';
    await b.services.tables!.create('holdem', { id, ephemeral: false, options: { hand_delay_ms: 300, turn_ms: 700 } });
    const seats: Seat[] = [];
    for (const name of ['ann', 'bob']) {
      const guest = await newGuest(a.url, name);
      const socket = clientSocket(a.port, { params: { token: guest.token } });
      sockets.push(socket);
      socket.connect();
      const s: Seat = { guest, socket, ch: socket.channel(`table:${id}`, {}), state: null, events: [], notices: [] };
      s.ch.on('state', (st: any) => { s.state = st; });
      s.ch.on('event', (e: any) => { s.events.push(e); });
      s.ch.on('notice', (n: any) => { s.notices.push(n); });
      const j = await joinAsync(s.ch);
      assert.equal(j.status, 'ok', JSON.stringify(j.response));
      s.state = j.response.state;
      seats.push(s);
    }
    assert.equal(a.services.tables!.lookup(id), undefined, 'the table runs on node B');
    for (const s of seats) assert.equal((await pushAsync(s.ch, 'sit', { buy_in: 4000 })).status, 'ok');
    await waitFor('a hand dealt on B', () => seats.every((s) => s.state?.game?.hand?.street === 'preflop'), 10_000);
    const onB = seats[0]!.state.round_id as string;
    assert.ok(onB);

    // A private slots table of ann's on B.
    const ann = seats[0]!;
    const slots = (await b.services.tables!.create('slots', {}, ann.guest.player_id)).id;
    const spinner = { ch: ann.socket.channel(`table:${slots}`, {}), notices: [] as any[] };
    spinner.ch.on('notice', (n: any) => { spinner.notices.push(n); });
    assert.equal((await joinAsync(spinner.ch)).status, 'ok');
    assert.equal((await pushAsync(spinner.ch, 'act', { action: 'spin', bet: 100 })).status, 'ok');

    // B drains while the hand waits on a player (nobody acts: the 700 ms turn clock folds for them).
    const drained = b.stop({ drain: true });
    await waitFor('the hand settles on B', () => seats[0]!.events.some((e) => e.type === 'settled' && e.round_id === onB), 10_000);
    await waitFor('both told the table moved', () => seats.every((s) => s.notices.some((n) => n.kind === 'table_moved')), 10_000);
    await waitFor('the table runs on A', () => a.services.tables!.lookup(id) !== undefined, 10_000);
    await waitFor('the next hand is dealt on A to both, nobody sitting again', () =>
      seats.every((s) => s.ch.state === 'joined' && s.state?.game?.hand?.street === 'preflop' && s.state.round_id !== onB), 10_000);
    const onA = seats[0]!.state.round_id as string;
    await drained;
    await waitFor('the slots table moved to A', () => spinner.notices.some((n) => n.kind === 'table_moved') && spinner.ch.state === 'joined', 10_000);
    const spun = await pushAsync(spinner.ch, 'act', { action: 'spin', bet: 100 });
    assert.equal(spun.status, 'ok', JSON.stringify(spun.response));
    const mine = await a.services.cluster!.find({ game: 'slots', owner: ann.guest.player_id });
    assert.equal(mine, slots, "still ann's private table, now on A");

    // Fold the hands out and leave (chips go home), so no round stays open.
    const seatOf = (s: Seat) => s.state.seats.find((x: any) => x.player_id === s.guest.player_id)?.seat;
    for (const s of seats) {
      for (let n = 0; n < 10; n++) {
        const left = await pushAsync(s.ch, 'leave_seat', {});
        if (left.status === 'ok') break;
        assert.equal(left.response.reason, 'round_closed', JSON.stringify(left.response));
        await waitFor('a player to act', () => seats.some((t) => t.state?.game?.hand?.to_act === seatOf(t)), 10_000).catch(() => {});
        const k = seats.find((t) => t.state?.game?.hand?.to_act === seatOf(t));
        if (k) await pushAsync(k.ch, 'act', { action: 'fold' });
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    const store = a.services.ledger!.store;
    const rounds = await store.query<{ id: string; node_id: string; resolution: string; status: string }>(
      'SELECT id, node_id, resolution, status FROM rounds WHERE id = ANY($1) ORDER BY opened_at', [[onB, onA]]);
    assert.deepEqual(rounds.map((r) => [r.id, r.node_id, r.status, r.resolution]), [[onB, 'node-b', 'settled', 'normal'], [onA, 'node-a', 'settled', 'normal']],
      'the drained hand settled on B by its clock, the next one on A');
    const opening = async (round: string) =>
      (await store.query<{ action: any }>('SELECT action FROM round_actions WHERE round_id = $1 ORDER BY seq LIMIT 1', [round]))[0]!.action.table;
    const [first, next] = [await opening(onB), await opening(onA)];
    assert.equal(first.state.button, -1, 'a fresh table on B');
    assert.notEqual(next.state.button, -1, 'the button came over from B');
    const settledOnB = seats[0]!.events.find((e) => e.type === 'settled' && e.round_id === onB);
    for (const s of seats) {
      const r = settledOnB.results.find((x: any) => x.player_id === s.guest.player_id);
      // The stack B's hand left this player is the stack A's hand started from.
      const startedWith = 4000 - r.staked + r.won;
      assert.equal(next.state.stacks[s.guest.player_id], startedWith, `${s.guest.name}: the stack came over`);
    }
    assert.deepEqual(next.seats.map((x: any) => x.playerId).sort(), seats.map((s) => s.guest.player_id).sort(), 'the seats came over');
    const check = await a.services.ledger!.check();
    assert.deepEqual([check.sum, check.open_rounds, check.ok], [0, 0, true], JSON.stringify(check));
    const recovered = await store.query<{ n: string }>(`SELECT count(*)::text AS n FROM rounds WHERE resolution <> 'normal'`);
    assert.equal(recovered[0]!.n, '0', 'nothing resolved by recovery');
  });
});

describe('a drain whose round outlives PITBOSS_DRAIN_TIMEOUT_MS', () => {
  let a: RunningServer;
  let b: RunningServer;
  let db: { url: string; drop(): Promise<void> };
  const sockets: Socket[] = [];

  before(async () => {
    db = await withDatabase();
    const env = {
      REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
      PITBOSS_SECRET: randomBytes(24).toString('base64'), DATABASE_URL: db.url, PITBOSS_LEASE_MS: '1000',
      LOG_LEVEL: process.env.LOG ?? 'silent', PITBOSS_GUEST_BALANCE: '10000',
    };
    a = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-a' });
    b = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-b', PITBOSS_DRAIN_TIMEOUT_MS: '300' });
    await waitFor('each node sees the other', () =>
      a.services.membership!.liveNodes().join() === 'node-a,node-b' && b.services.membership!.liveNodes().join() === 'node-a,node-b');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('stops waiting at the timeout and leaves the table to failover, which completes its round', async () => {
    const id = 'holdem-slow';
    // A turn clock far beyond the drain timeout: the hand cannot end while B waits.
    await b.services.tables!.create('holdem', { id, ephemeral: false, options: { hand_delay_ms: 200, turn_ms: 60_000 } });
    const chans: Array<{ ch: Channel; state: any; errors: number }> = [];
    for (const name of ['cy', 'di']) {
      const guest = await newGuest(a.url, name);
      const socket = clientSocket(a.port, { params: { token: guest.token } });
      sockets.push(socket);
      socket.connect();
      const t = { ch: socket.channel(`table:${id}`, {}), state: null as any, errors: 0 };
      t.ch.on('state', (st: any) => { t.state = st; });
      t.ch.onError(() => { t.errors++; });
      assert.equal((await joinAsync(t.ch)).status, 'ok');
      assert.equal((await pushAsync(t.ch, 'sit', { buy_in: 4000 })).status, 'ok');
      chans.push(t);
    }
    await waitFor('a hand dealt on B', () => chans.every((t) => t.state?.game?.hand?.street === 'preflop'), 10_000);
    const round = chans[0]!.state.round_id as string;
    await b.stop({ drain: true }); // returns after the 300 ms timeout, not after the 60 s turn
    await waitFor('A took the table over once B was gone', () => a.services.tables!.lookup(id) !== undefined, 10_000);
    await waitFor('the players rejoined on A', () => chans.every((t) => t.errors > 0 && t.ch.state === 'joined'), 10_000);
    const [row] = await a.services.ledger!.store.query<{ status: string; resolution: string }>('SELECT status, resolution FROM rounds WHERE id = $1', [round]);
    assert.deepEqual(row, { status: 'settled', resolution: 'completed' }, 'completed by recovery on A, as a failover');
    const check = await a.services.ledger!.check();
    assert.equal(check.sum, 0);
  });
});
