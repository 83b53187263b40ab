// Blackjack over the official client: a single-player round played to settlement, a
// shared table with two players taking turns (out-of-turn refused), a turn timer that
// stands for an absent player, a double the player cannot afford — and the ledger.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

interface Seat {
  guest: Guest;
  socket: Socket;
  lobby: Channel;
  ch?: Channel;
  state?: any;
  events: any[];
}

describe('blackjack tables over the official phoenix client', () => {
  let server: RunningServer;
  const seats: Seat[] = [];

  const player = async (name: string): Promise<Seat> => {
    const guest = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    const p: Seat = { guest, socket, lobby, events: [] };
    seats.push(p);
    return p;
  };
  const open = async (p: Seat, id: string): Promise<Channel> => {
    const ch = p.socket.channel(`table:${id}`, {});
    ch.on('state', (s) => {
      p.state = s;
    });
    ch.on('event', (e) => {
      p.events.push(e);
    });
    const joined = await joinAsync(ch);
    assert.equal(joined.status, 'ok');
    p.state = joined.response.state;
    p.ch = ch;
    return ch;
  };
  const mySeat = (p: Seat) => p.state.seats.find((s: any) => s.player_id === p.guest.player_id)?.seat;
  const myTurn = (p: Seat) => p.state.game.tag === 'playing' && p.state.game.turn.seat === mySeat(p);
  const settledCount = (p: Seat) => p.events.filter((e) => e.type === 'settled').length;

  /** Plays the player's hands by a simple rule until the round settles. */
  const playOut = async (p: Seat, before: number) => {
    while (settledCount(p) === before) {
      if (myTurn(p)) {
        const hand = p.state.game.seats.find((s: any) => s.seat === mySeat(p)).hands[p.state.game.turn.hand];
        const r = await pushAsync(p.ch!, 'act', { action: hand.total < 13 ? 'hit' : 'stand', key: crypto.randomUUID() });
        assert.equal(r.status, 'ok', JSON.stringify(r.response));
      } else if (p.state.game.tag === 'insurance') {
        await pushAsync(p.ch!, 'act', { action: 'no_insurance' });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '2000', PITBOSS_TURN_MS: '400', PITBOSS_BETTING_MS: '300' });
  });
  after(async () => {
    for (const p of seats) p.socket.disconnect();
    await server.stop();
  });

  it('plays a single-player round from bet to settlement, with the hole card hidden until the reveal', async () => {
    const alice = await player('alice');
    const id = (await pushAsync(alice.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    await open(alice, id);
    const bet = await pushAsync(alice.ch!, 'act', { action: 'bet', amount: 100, key: 'bet-1' });
    assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
    assert.match(bet.response.round_id, /^k_/);
    await waitFor('dealt', () => alice.state.game.tag !== 'betting' || settledCount(alice) > 0);
    if (alice.state.game.tag === 'playing') {
      assert.equal(alice.state.game.dealer.length, 2);
      assert.equal(alice.state.game.dealer[1], null, 'hole card hidden');
      const dealt = alice.events.find((e) => e.type === 'dealt');
      assert.equal(typeof dealt.dealer_up, 'string', 'only the up card is dealt in public');
      assert.ok(!('dealer' in dealt));
      assert.ok(!alice.events.some((e) => e.type === 'dealer_revealed'), 'no reveal before the dealer plays');
    }
    await playOut(alice, 0);
    const settled = alice.events.find((e) => e.type === 'settled');
    assert.equal(settled.round_id, bet.response.round_id);
    assert.equal(settled.outcome.dealer.length >= 2, true);
    assert.equal(typeof settled.outcome.total, 'number');
    const [r] = settled.results;
    assert.equal(r.player_id, alice.guest.player_id);
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${alice.guest.token}` } })).json()) as any;
    assert.equal(me.balance, 2000 - r.staked + r.won);
  });

  it('refuses a double the player cannot afford and a bet out of limits, changing nothing', async () => {
    const carol = await player('carol');
    const id = (await pushAsync(carol.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    await open(carol, id);
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 50 })).response.reason, 'below_min');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 100.5 })).response.reason, 'invalid_payload');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'hit' })).response.reason, 'not_your_turn');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 2001 })).response.reason, 'insufficient_funds');
    // Stake most of the balance, then try to double: the double cannot be covered.
    await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 1500 });
    await waitFor('dealt', () => carol.state.game.tag !== 'betting' || settledCount(carol) > 0);
    if (myTurn(carol) && carol.state.game.legal.includes('double')) {
      const before = JSON.stringify(carol.state.game);
      const d = await pushAsync(carol.ch!, 'act', { action: 'double' });
      assert.equal(d.response.reason, 'insufficient_funds');
      assert.equal(JSON.stringify(carol.state.game), before);
    }
    await playOut(carol, 0);
  });

  it('runs a shared table: two seats, turns in order, out-of-turn refused, the timer stands for an absent player', async () => {
    const dan = await player('dan');
    const eve = await player('eve');
    await open(dan, 'blackjack-1');
    await open(eve, 'blackjack-1');
    await pushAsync(dan.ch!, 'sit', { seat: 1 });
    await pushAsync(eve.ch!, 'sit', { seat: 2 });
    await pushAsync(dan.ch!, 'act', { action: 'bet', amount: 100 });
    await pushAsync(eve.ch!, 'act', { action: 'bet', amount: 100 });
    await waitFor('dealt', () => dan.state.game.tag !== 'betting' || settledCount(dan) > 0);
    if (dan.state.game.tag === 'playing' && dan.state.game.turn.seat === 1) {
      const wrong = await pushAsync(eve.ch!, 'act', { action: 'hit' });
      assert.equal(wrong.response.reason, 'not_your_turn');
      // Dan never acts: his turn times out and the table stands for him.
      await waitFor('timed out', () => dan.events.some((e) => e.type === 'timed_out' && e.seat === 1), 3000);
    }
    await playOut(eve, 0);
    const s = eve.events.find((e) => e.type === 'settled');
    assert.deepEqual(s.results.map((r: any) => r.player_id).sort(), [dan.guest.player_id, eve.guest.player_id].sort());
  });

  it('leaves the ledger balanced with no open round', async () => {
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.negative_balances, check.open_rounds, check.ok], [0, 0, 0, true]);
  });
});
