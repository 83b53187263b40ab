// What a hostile or broken client cannot do: act as another player, join another
// player's channel, use an expired or forged token, or reach past its own seat — each
// refused with the contract's reason and no money moved. Also: a table killed mid-round
// comes back with its round resolved while another table plays on untouched.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import { Tokens } from '../../src/casino/auth/tokens.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('security at the tables', () => {
  let server: RunningServer;
  let alice: Guest;
  let bob: Guest;
  const sockets: Socket[] = [];
  const open = (token: string, opts = {}) => {
    const s = clientSocket(server.port, { params: { token }, ...opts });
    s.connect();
    sockets.push(s);
    return s;
  };
  const balance = async (g: Guest) => ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${g.token}` } })).json()) as any).balance;

  before(async () => {
    server = await startTestServer({ PITBOSS_BETTING_MS: '60000' });
    alice = await newGuest(server.url, 'alice');
    bob = await newGuest(server.url, 'bob');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('ignores any player id or seat in a payload: a client acts only as its own player', async () => {
    const b = open(bob.token).channel('table:blackjack-1', {});
    await joinAsync(b);
    await pushAsync(b, 'sit', { seat: 3 });
    const a = open(alice.token).channel('table:blackjack-1', {});
    await joinAsync(a);
    const forged = await pushAsync(a, 'act', { action: 'bet', amount: 100, player_id: bob.player_id, seat: 3, playerId: bob.player_id });
    assert.deepEqual([forged.status, forged.response.reason], ['error', 'invalid_payload'], 'unknown fields are refused at the boundary');
    const plain = await pushAsync(a, 'act', { action: 'bet', amount: 100 });
    assert.deepEqual([plain.status, plain.response.reason], ['error', 'not_seated'], 'and the table acts only for the socket’s own player');
    const leave = await pushAsync(a, 'leave_seat', { player_id: bob.player_id });
    assert.equal(leave.response.reason, 'invalid_payload', 'unknown fields are refused outright');
    assert.equal(await balance(bob), 100000);
    assert.equal(await balance(alice), 100000);
    const seats = (await joinAsync(open(alice.token).channel('table:blackjack-1', {}))).response.state.seats;
    assert.deepEqual(seats.map((s: any) => [s.seat, s.player_id]), [[3, bob.player_id]]);
  });

  it("refuses another player's private channel", async () => {
    const r = await joinAsync(open(alice.token).channel(`player:${bob.player_id}`, {}));
    assert.deepEqual([r.status, r.response.reason], ['error', 'forbidden']);
  });

  it('refuses an expired token at the socket and over HTTP, and one signed with another secret', async () => {
    const expired = await server.services.tokens.issue({ playerId: alice.player_id, name: 'alice' }, -1);
    const forged = await new Tokens({ secret: 'someone-elses-secret-that-is-long-enough!!', ttlSeconds: 60 }).issue({ playerId: alice.player_id, name: 'alice' });
    for (const token of [expired, forged]) {
      const s = open(token, { reconnectAfterMs: () => 60_000 });
      let errored = false;
      let opened = false;
      s.onError(() => {
        errored = true;
      });
      s.onOpen(() => {
        opened = true;
      });
      await waitFor('refused', () => errored);
      assert.equal(opened, false);
      const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 401);
    }
  });

  it('refuses a token signed with the development secret that earlier versions built in', async () => {
    // Anyone could read this constant in the public source: a server without PITBOSS_SECRET
    // signed with it, so anyone could mint a token for any player.
    const OLD_DEV_SECRET = 'pitboss-dev-secret-change-me-0123456789';
    const forged = await new Tokens({ secret: OLD_DEV_SECRET, ttlSeconds: 60 }).issue({ playerId: bob.player_id, name: 'bob' });
    const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(res.status, 401);
    const s = open(forged, { reconnectAfterMs: () => 60_000 });
    let errored = false;
    let opened = false;
    s.onError(() => {
      errored = true;
    });
    s.onOpen(() => {
      opened = true;
    });
    await waitFor('refused', () => errored || opened);
    assert.equal(opened, false, 'the forged token opened a socket');
  });

  it('brings a table killed mid-round back with the round resolved, another table playing on', async (t) => {
    const s = open(alice.token);
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    const victim = (await pushAsync(lobby, 'find_table', { game: 'roulette' })).response.id;
    const bystander = (await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id;
    const v = s.channel(`table:${victim}`, {});
    const notices: any[] = [];
    v.on('notice', (n) => {
      notices.push(n);
    });
    await joinAsync(v);
    const by = s.channel(`table:${bystander}`, {});
    await joinAsync(by);
    const before = await balance(alice);
    const bet = await pushAsync(v, 'act', { action: 'bet', bets: [{ type: 'red', amount: 500 }] });
    assert.equal(bet.response.balance, before - 500);
    const bystanderPid = server.services.tables!.lookup(bystander);
    const pid = server.services.tables!.lookup(victim)!;
    const t0 = performance.now();
    exit(pid, 'kill');
    let back = 0;
    await waitFor('restarted', () => {
      const now = server.services.tables!.lookup(victim);
      if (now && now !== pid && back === 0) back = performance.now() - t0;
      return back > 0;
    });
    t.diagnostic(`table back ${back.toFixed(1)} ms after the kill`);
    await waitFor('notice', () => notices.some((n) => n.kind === 'table_restarted'));
    const round = (await server.services.ledger!.rounds.get(bet.response.round_id))!;
    assert.equal(round.status, 'settled');
    assert.equal(round.resolution, 'refunded', 'no outcome was drawn: the stake comes back');
    assert.equal(await balance(alice), before);
    assert.equal(server.services.tables!.lookup(bystander), bystanderPid, 'the other table never noticed');
    assert.equal((await pushAsync(by, 'act', { action: 'spin', bet: 20 })).status, 'ok');
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.open_rounds, check.ok], [0, 0, true]);
  });
});
