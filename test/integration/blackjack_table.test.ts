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

  const balanceOf = async (p: Seat) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${p.guest.token}` } })).json()) as any).balance as number;

  /**
   * Deals rounds until `ready()` holds when the cards are out (a natural can settle a round
   * at once; then the next round is dealt). Returns that round's id; assertions that
   * follow run every time, never behind an `if`.
   */
  const dealUntil = async (bettors: Seat[], amount: (p: Seat) => Promise<number>, ready: () => boolean): Promise<string> => {
    for (let i = 0; i < 20; i++) {
      const first = bettors[0]!;
      const before = settledCount(first);
      let round = '';
      for (const p of bettors) {
        const r = await pushAsync(p.ch!, 'act', { action: 'bet', amount: await amount(p) });
        assert.equal(r.status, 'ok', JSON.stringify(r.response));
        round = r.response.round_id;
      }
      await waitFor('dealt', () => settledCount(first) > before || (first.state.round_id === round && first.state.game.tag !== 'betting'));
      if (settledCount(first) === before && ready()) return round;
      await Promise.all(bettors.map((p) => playOut(p, before)));
    }
    assert.fail('20 rounds dealt without the situation the test needs');
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '2000', PITBOSS_TURN_MS: '1000', PITBOSS_BETTING_MS: '300' });
  });
  after(async () => {
    for (const p of seats) p.socket.disconnect();
    await server.stop();
  });

  it('plays a single-player round from bet to settlement, with the hole card hidden until the reveal', async () => {
    const alice = await player('alice');
    const id = (await pushAsync(alice.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    await open(alice, id);
    const keyed = await pushAsync(alice.ch!, 'act', { action: 'bet', amount: 100, key: 'bet-1' });
    assert.equal(keyed.status, 'ok', JSON.stringify(keyed.response));
    assert.match(keyed.response.round_id, /^k_/, 'a keyed bet opens a round whose id derives from the key');
    await waitFor('first round dealt or settled', () => alice.state.game.tag !== 'betting' || settledCount(alice) > 0);
    await playOut(alice, 0);
    const round = await dealUntil([alice], async () => 100, () => alice.state.game.tag === 'playing');
    assert.equal(alice.state.game.dealer.length, 2);
    assert.equal(alice.state.game.dealer[1], null, 'hole card hidden');
    const dealt = alice.events.filter((e) => e.type === 'dealt').at(-1);
    assert.equal(typeof dealt.dealer_up, 'string', 'only the up card is dealt in public');
    assert.ok(!('dealer' in dealt));
    const since = alice.events.indexOf(dealt);
    assert.ok(!alice.events.slice(since).some((e) => e.type === 'dealer_revealed'), 'no reveal before the dealer plays');
    const bet = { response: { round_id: round } };
    const already = settledCount(alice);
    await playOut(alice, already);
    const settled = alice.events.filter((e) => e.type === 'settled').at(-1);
    assert.equal(settled.round_id, bet.response.round_id);
    assert.equal(settled.outcome.dealer.length >= 2, true);
    assert.equal(typeof settled.outcome.total, 'number');
    const all = alice.events.filter((e) => e.type === 'settled').flatMap((e) => e.results);
    assert.ok(all.every((r: any) => r.player_id === alice.guest.player_id));
    assert.equal(await balanceOf(alice), 2000 + all.reduce((n: number, r: any) => n - r.staked + r.won, 0), 'the balance is the sum of the settled rounds');
  });

  it('refuses a double the player cannot afford and a bet out of limits, changing nothing', async () => {
    const carol = await player('carol');
    const id = (await pushAsync(carol.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    await open(carol, id);
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 50 })).response.reason, 'below_min');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 100.5 })).response.reason, 'invalid_payload');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'hit' })).response.reason, 'not_your_turn');
    assert.equal((await pushAsync(carol.ch!, 'act', { action: 'bet', amount: 2001 })).response.reason, 'insufficient_funds');
    // Stake more than half the balance, so a double cannot be covered; deal until a double is on offer.
    let staked = 0;
    let wallet = 0;
    await dealUntil([carol], async () => {
      const b = await balanceOf(carol);
      staked = Math.floor(b / 2) + 1;
      wallet = b - staked;
      return staked;
    }, () => myTurn(carol) && carol.state.game.legal.includes('double'));
    // Ask at once, while the turn clock runs; check the books after.
    const before = JSON.stringify(carol.state.game);
    const pending = settledCount(carol);
    const d = await pushAsync(carol.ch!, 'act', { action: 'double' });
    assert.equal(d.response.reason, 'insufficient_funds');
    assert.equal(JSON.stringify(carol.state.game), before, 'the hand is as it was');
    assert.ok(wallet < staked, 'the double needed more than the wallet held');
    assert.equal(await balanceOf(carol), wallet, 'no money moved');
    await playOut(carol, pending);
  });

  it('runs a shared table: two seats, turns in order, out-of-turn refused, the timer stands for an absent player', async () => {
    const dan = await player('dan');
    const eve = await player('eve');
    await open(dan, 'blackjack-1');
    await open(eve, 'blackjack-1');
    await pushAsync(dan.ch!, 'sit', { seat: 1 });
    await pushAsync(eve.ch!, 'sit', { seat: 2 });
    await dealUntil([dan, eve], async () => 100, () => dan.state.game.tag === 'playing' && dan.state.game.turn.seat === 1);
    const done = settledCount(eve);
    const wrong = await pushAsync(eve.ch!, 'act', { action: 'hit' });
    assert.equal(wrong.response.reason, 'not_your_turn');
    // Dan never acts: his turn times out and the table stands for him.
    await waitFor('timed out', () => dan.events.some((e) => e.type === 'timed_out' && e.seat === 1), 5000);
    await playOut(eve, done);
    const s = eve.events.filter((e) => e.type === 'settled').at(-1);
    assert.deepEqual(s.results.map((r: any) => r.player_id).sort(), [dan.guest.player_id, eve.guest.player_id].sort());
  });

  it('leaves the ledger balanced with no open round', async () => {
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.negative_balances, check.open_rounds, check.ok], [0, 0, 0, true]);
  });
});
