// Roulette and baccarat over the official client: single-player roulette (bet, spin),
// shared roulette and baccarat with two players and a betting window; limits and
// refusals; money conserved.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

interface Player {
  guest: Guest;
  socket: Socket;
  lobby: Channel;
}

describe('roulette and baccarat tables over the official phoenix client', () => {
  let server: RunningServer;
  let alice: Player;
  let bob: Player;

  const player = async (name: string): Promise<Player> => {
    const guest = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    return { guest, socket, lobby };
  };
  const table = async (p: Player, id: string, events: any[] = []) => {
    const ch = p.socket.channel(`table:${id}`, {});
    ch.on('event', (e) => {
      events.push(e);
    });
    assert.equal((await joinAsync(ch)).status, 'ok');
    return ch;
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_BETTING_MS: '300', PITBOSS_GUEST_BALANCE: '10000' });
    alice = await player('alice');
    bob = await player('bob');
  });
  after(async () => {
    alice.socket.disconnect();
    bob.socket.disconnect();
    await server.stop();
  });

  it('plays single-player roulette: bets add up in one round, spin settles them', async () => {
    const id = (await pushAsync(alice.lobby, 'find_table', { game: 'roulette' })).response.id;
    const events: any[] = [];
    const ch = await table(alice, id, events);
    const noBet = await pushAsync(ch, 'act', { action: 'spin' });
    assert.deepEqual([noBet.status, noBet.response.reason], ['error', 'invalid_action']);
    const b1 = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'b1' });
    assert.equal(b1.status, 'ok', JSON.stringify(b1.response));
    const b2 = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'straight', numbers: [17], amount: 50 }, { type: 'dozen', numbers: [1], amount: 20 }], key: 'b2' });
    assert.equal(b2.response.round_id, b1.response.round_id, 'both bets are in one round');
    assert.equal(b2.response.balance, 10000 - 170);
    const spin = await pushAsync(ch, 'act', { action: 'spin', key: 's1' });
    assert.equal(spin.status, 'ok', JSON.stringify(spin.response));
    const n = spin.response.number;
    assert.ok(Number.isInteger(n) && n >= 0 && n <= 36);
    const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
    const expected = (RED.has(n) ? 200 : 0) + (n === 17 ? 50 * 36 : 0) + (n >= 1 && n <= 12 ? 60 : 0);
    assert.equal(spin.response.win, expected);
    assert.equal(spin.response.balance, 10000 - 170 + expected);
    await waitFor('settled', () => events.some((e) => e.type === 'settled'));
    const settled = events.find((e) => e.type === 'settled');
    assert.deepEqual(settled.results, [{ player_id: alice.guest.player_id, staked: 170, won: expected }]);
    assert.deepEqual(settled.outcome, { number: n });
  });

  it('refuses malformed and out-of-limit roulette bets, moving nothing', async () => {
    const id = (await pushAsync(alice.lobby, 'find_table', { game: 'roulette' })).response.id;
    const ch = await table(alice, id);
    const before = (await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 10 }] })).response.balance;
    const cases: Array<[unknown, string]> = [
      [[{ type: 'split', numbers: [1, 5], amount: 10 }], 'invalid_payload'],
      [[{ type: 'corner', numbers: [1, 2, 3, 4], amount: 10 }], 'invalid_payload'],
      [[{ type: 'red', amount: -10 }], 'invalid_payload'],
      [[{ type: 'red', amount: 10.5 }], 'invalid_payload'],
      [[{ type: 'purple', amount: 10 }], 'invalid_payload'],
      ['red', 'invalid_payload'],
      [[{ type: 'red', amount: 5 }], 'below_min'],
      [[{ type: 'red', amount: 60_000 }], 'above_max'],
    ];
    for (const [bets, reason] of cases) {
      const r = await pushAsync(ch, 'act', { action: 'bet', bets });
      assert.equal(r.response.reason, reason, JSON.stringify(bets) + ' ' + r.response.message);
    }
    const spin = await pushAsync(ch, 'act', { action: 'spin' });
    assert.equal(spin.response.balance, before + spin.response.win);
  });

  it('runs a shared roulette table: two players bet, the window closes, both are settled in one round', async () => {
    const aEvents: any[] = [];
    const bEvents: any[] = [];
    const a = await table(alice, 'roulette-1', aEvents);
    const b = await table(bob, 'roulette-1', bEvents);
    assert.equal((await pushAsync(a, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }] })).response.reason, 'not_seated');
    assert.equal((await pushAsync(a, 'sit', {})).status, 'ok');
    assert.equal((await pushAsync(b, 'sit', {})).status, 'ok');
    assert.equal((await pushAsync(b, 'sit', {})).response.reason, 'already_seated');
    const ra = await pushAsync(a, 'act', { action: 'bet', bets: [{ type: 'black', amount: 100 }] });
    const rb = await pushAsync(b, 'act', { action: 'bet', bets: [{ type: 'even', amount: 200 }] });
    assert.equal(ra.response.round_id, rb.response.round_id);
    const spin = await pushAsync(a, 'act', { action: 'spin' });
    assert.equal(spin.response.reason, 'invalid_action', 'shared tables spin on their timer');
    await waitFor('settled on both', () => aEvents.some((e) => e.type === 'settled') && bEvents.some((e) => e.type === 'settled'));
    const s = aEvents.find((e) => e.type === 'settled');
    assert.equal(s.round_id, ra.response.round_id);
    assert.deepEqual(s.results.map((r: any) => r.player_id).sort(), [alice.guest.player_id, bob.guest.player_id].sort());
    assert.deepEqual(bEvents.find((e) => e.type === 'settled'), s, 'every member sees the same event');
  });

  it('runs a shared baccarat table through its betting window', async () => {
    const events: any[] = [];
    const a = await table(alice, 'baccarat-1', events);
    const b = await table(bob, 'baccarat-1');
    await pushAsync(a, 'sit', { seat: 3 });
    assert.equal((await pushAsync(b, 'sit', { seat: 3 })).response.reason, 'seat_taken');
    await pushAsync(b, 'sit', { seat: 4 });
    const bad = await pushAsync(a, 'act', { action: 'bet', bets: [{ on: 'dragon', amount: 100 }] });
    assert.equal(bad.response.reason, 'invalid_payload');
    await pushAsync(a, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 200 }, { on: 'tie', amount: 100 }] });
    await pushAsync(b, 'act', { action: 'bet', bets: [{ on: 'player', amount: 300 }] });
    await waitFor('coup settled', () => events.some((e) => e.type === 'settled'));
    const s = events.find((e) => e.type === 'settled');
    assert.ok(['player', 'banker', 'tie'].includes(s.outcome.winner));
    assert.equal(typeof s.outcome.player, 'number');
    assert.equal(typeof s.outcome.banker, 'number');
    const byPlayer = Object.fromEntries(s.results.map((r: any) => [r.player_id, r]));
    assert.equal(byPlayer[alice.guest.player_id].staked, 300);
    assert.equal(byPlayer[bob.guest.player_id].staked, 300);
  });

  it('leaves the ledger balanced to the unit with no open round', async () => {
    await waitFor('no open round', () => true);
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.negative_balances, check.open_rounds, check.ok], [0, 0, 0, true]);
  });
});
