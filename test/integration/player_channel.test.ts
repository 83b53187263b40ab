// The private player channel: only its owner joins; balance events follow every stake and
// payout; a round interrupted by a table crash is resolved from the journal and the
// player is told — at once if connected, or when they next join.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('the player channel', () => {
  let server: RunningServer;
  let alice: Guest;
  let bob: Guest;
  let socket: Socket;
  let me: Channel;
  const balances: any[] = [];
  const notices: any[] = [];

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '3000' });
    alice = await newGuest(server.url, 'alice');
    bob = await newGuest(server.url, 'bob');
    socket = clientSocket(server.port, { params: { token: alice.token } });
    socket.connect();
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  it("refuses another player's channel with forbidden", async () => {
    const other = socket.channel(`player:${bob.player_id}`, {});
    const res = await joinAsync(other);
    assert.deepEqual([res.status, res.response.reason], ['error', 'forbidden']);
    other.leave();
  });

  it('joins its own channel with the balance', async () => {
    me = socket.channel(`player:${alice.player_id}`, {});
    me.on('balance', (b) => {
      balances.push(b);
    });
    me.on('notice', (n) => {
      notices.push(n);
    });
    const res = await joinAsync(me);
    assert.deepEqual(res, { status: 'ok', response: { balance: 3000 } });
  });

  it('sends a balance event for the stake and for the payout of a spin', async () => {
    const lobby = socket.channel('lobby', {});
    await joinAsync(lobby);
    const id = (await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id;
    const table = socket.channel(`table:${id}`, {});
    await joinAsync(table);
    const spin = await pushAsync(table, 'act', { action: 'spin', bet: 100 });
    await waitFor('two balance events', () => balances.length >= 2);
    assert.deepEqual(balances[0], { balance: 2900, delta: -100, reason: 'stake', table_id: id });
    assert.deepEqual(balances[1], { balance: 2900 + spin.response.win, delta: spin.response.win, reason: 'payout', table_id: id });
  });

  it('resolves a blackjack round interrupted by a table crash and tells the player', async () => {
    const lobby = socket.channel('lobby', {});
    await joinAsync(lobby);
    const id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    const table = socket.channel(`table:${id}`, {});
    let state: any;
    const settledRounds = new Set<string>();
    table.on('state', (s) => {
      state = s;
    });
    table.on('event', (e) => {
      if (e.type === 'settled') settledRounds.add(e.round_id);
    });
    state = (await joinAsync(table)).response.state;
    // Bet until a round stops on the player's turn (a natural settles at once; bet again).
    for (let i = 0; ; i++) {
      assert.ok(i < 20, 'a round that waits for the player');
      const bet = await pushAsync(table, 'act', { action: 'bet', amount: 100 });
      assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
      const round = bet.response.round_id;
      const at = (tag: string) => state?.round_id === round && state.game.tag === tag;
      await waitFor('dealt', () => settledRounds.has(round) || at('playing') || at('insurance'));
      // A dealer ace offers insurance first: decline it, then the round goes on (or settles on a dealer natural).
      if (at('insurance')) {
        await pushAsync(table, 'act', { action: 'no_insurance' });
        await waitFor('insurance decided', () => settledRounds.has(round) || at('playing'));
      }
      if (!settledRounds.has(round)) break;
    }
    const before = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${alice.token}` } })).json()) as any;
    exit(server.services.tables!.lookup(id)!, 'kill');
    await waitFor('notice', () => notices.some((n) => n.kind === 'round_resolved'), 3000);
    const n = notices.find((x) => x.kind === 'round_resolved');
    // The cards were dealt: the round is completed by the clock (the player stands), never refunded.
    assert.equal(n.resolution, 'completed');
    assert.match(n.text, /completed/);
    const after = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${alice.token}` } })).json()) as any;
    assert.equal(after.balance, before.balance + n.payout, 'paid what standing won');
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.open_rounds, check.ok], [0, 0, true]);
  });
});
