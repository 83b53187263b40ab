// Every game end to end: a real server on a port, driven by the unmodified official
// phoenix client — one round of each game from the lobby to the settlement, as a browser
// plays it. What each game and the table room do in detail is tested in process
// (test/casino/adapters/, test/casino/tables/); this file checks that it all reaches a
// real client over a real socket: join replies, personal `state` pushes, numbered public
// events, replies to acts, the player channel's balance pushes, and HTTP beside it.
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
interface Table {
  ch: Channel;
  state: any;
  events: any[];
}

describe('every game over the official phoenix client', () => {
  let server: RunningServer;
  const players: Player[] = [];

  const player = async (name: string): Promise<Player> => {
    const guest = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    const p = { guest, socket, lobby };
    players.push(p);
    return p;
  };
  const open = async (p: Player, id: string): Promise<Table> => {
    const t: Table = { ch: p.socket.channel(`table:${id}`, {}), state: null, events: [] };
    t.ch.on('state', (s) => { t.state = s; });
    t.ch.on('event', (e) => { t.events.push(e); });
    const joined = await joinAsync(t.ch);
    assert.equal(joined.status, 'ok', JSON.stringify(joined.response));
    t.state = joined.response.state;
    return t;
  };
  const find = async (p: Player, game: string, extra: object = {}) => {
    const r = await pushAsync(p.lobby, 'find_table', { game, ...extra });
    assert.equal(r.status, 'ok', JSON.stringify(r.response));
    return r.response.id as string;
  };
  const act = async (t: Table, payload: object) => {
    const r = await pushAsync(t.ch, 'act', payload);
    assert.equal(r.status, 'ok', JSON.stringify(r.response));
    return r.response;
  };
  const balanceOf = async (p: Player) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${p.guest.token}` } })).json()) as { balance: number }).balance;
  const settled = (t: Table, round: string) => t.events.find((e) => e.type === 'settled' && e.round_id === round);

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '10000', PITBOSS_BETTING_MS: '300', PITBOSS_TURN_MS: '10000' });
  });
  after(async () => {
    for (const p of players) p.socket.disconnect();
    await server.stop();
  });

  it('slots: a spin with a key, answered once, settled in public, the balance pushed once and recalled over HTTP', async () => {
    const alice = await player('alice');
    const me = alice.socket.channel(`player:${alice.guest.player_id}`, {});
    const balances: any[] = [];
    me.on('balance', (b) => { balances.push(b); });
    assert.deepEqual((await joinAsync(me)).response, { balance: 10_000 });
    const id = await find(alice, 'slots');
    assert.notEqual(id, 'slots-1', 'single-player games get a table of their own');
    const t = await open(alice, id);
    assert.equal(t.state.game.machine.id, 'classic');
    const bad = await pushAsync(t.ch, 'act', { action: 'spin', bet: 20.5 });
    assert.deepEqual([bad.status, bad.response.reason], ['error', 'invalid_payload']);
    const r = await act(t, { action: 'spin', bet: 100, key: 'spin-1' });
    assert.match(r.round_id, /^k_/);
    assert.equal(r.balance, 10_000 - 100 + r.win);
    assert.deepEqual(await act(t, { action: 'spin', bet: 100, key: 'spin-1' }), r, 'the same key answers again without playing again');
    await waitFor('settled', () => settled(t, r.round_id) !== undefined);
    assert.deepEqual(settled(t, r.round_id).results, [{ player_id: alice.guest.player_id, staked: 100, won: r.win }]);
    const seqs = t.events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'seq increases by one per event');
    await waitFor('the balance push', () => balances.length === 1);
    assert.deepEqual(balances.map((b) => [b.reason, b.delta, b.balance]), [['round', r.win - 100, r.balance]], 'one notice per spin: stake and payout netted');
    const recalled = (await (await fetch(`${server.url}/api/rounds?limit=5`, { headers: { authorization: `Bearer ${alice.guest.token}` } })).json()) as { rounds: any[] };
    assert.deepEqual(recalled.rounds.map((x) => [x.round_id, x.stake, x.payout]), [[r.round_id, 100, r.win]]);
  });

  it('roulette: bets add up in one round and the spin settles them', async () => {
    const bob = await player('bob');
    const t = await open(bob, await find(bob, 'roulette'));
    const b1 = await act(t, { action: 'bet', bets: [{ type: 'red', amount: 100 }] });
    const b2 = await act(t, { action: 'bet', bets: [{ type: 'straight', numbers: [17], amount: 50 }] });
    assert.equal(b2.round_id, b1.round_id);
    const spin = await act(t, { action: 'spin' });
    const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
    const win = (RED.has(spin.number) ? 200 : 0) + (spin.number === 17 ? 50 * 36 : 0);
    assert.deepEqual([spin.win, spin.balance], [win, 10_000 - 150 + win]);
    await waitFor('settled', () => settled(t, b1.round_id) !== undefined);
    assert.deepEqual(settled(t, b1.round_id).outcome, { number: spin.number });
  });

  it('baccarat: a shared table takes two players’ bets through its betting window and settles one coup', async () => {
    const [cat, dan] = [await player('cat'), await player('dan')];
    const [c, d] = [await open(cat, 'baccarat-1'), await open(dan, 'baccarat-1')];
    assert.equal((await pushAsync(c.ch, 'sit', { seat: 3 })).status, 'ok');
    assert.equal((await pushAsync(d.ch, 'sit', { seat: 3 })).response.reason, 'seat_taken');
    assert.equal((await pushAsync(d.ch, 'sit', { seat: 4 })).status, 'ok');
    const round = (await act(c, { action: 'bet', bets: [{ on: 'banker', amount: 200 }] })).round_id;
    assert.equal((await act(d, { action: 'bet', bets: [{ on: 'player', amount: 300 }] })).round_id, round);
    await waitFor('the coup settled for both', () => settled(c, round) !== undefined && settled(d, round) !== undefined);
    assert.deepEqual(settled(d, round), settled(c, round), 'every member sees the same event');
    assert.ok(['player', 'banker', 'tie'].includes(settled(c, round).outcome.winner));
    const won = Object.fromEntries(settled(c, round).results.map((r: any) => [r.player_id, r.won]));
    assert.equal(await balanceOf(dan), 10_000 - 300 + won[dan.guest.player_id]);
  });

  it('blackjack: a single-player round from bet to settlement, the hole card hidden while the player decides', async () => {
    const eve = await player('eve');
    const t = await open(eve, await find(eve, 'blackjack', { shared: false }));
    let sawHidden = false;
    let round = '';
    for (let i = 0; i < 20 && !sawHidden; i++) {
      round = (await act(t, { action: 'bet', amount: 100 })).round_id;
      while (!settled(t, round)) {
        const g = t.state.round_id === round ? t.state.game : null;
        if (g?.tag === 'insurance') await act(t, { action: 'no_insurance' });
        else if (g?.tag === 'playing') {
          sawHidden ||= g.dealer[1] === null;
          const seq = t.state.seq;
          await act(t, { action: g.seats[0].hands[g.turn.hand].total < 15 ? 'hit' : 'stand' });
          await waitFor('the next state', () => t.state.seq > seq);
          continue;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    assert.ok(sawHidden, 'a round in 20 where the player decided');
    assert.ok(settled(t, round).outcome.dealer.every((c: unknown) => typeof c === 'string'), 'shown at the end');
    const net = t.events.filter((e) => e.type === 'settled').flatMap((e) => e.results).reduce((n: number, r: any) => n - r.staked + r.won, 0);
    assert.equal(await balanceOf(eve), 10_000 + net);
  });

  it("hold'em: two players buy in, each sees only their own hole cards, a fold settles the hand, leaving cashes out", async () => {
    await server.services.tables!.create('holdem', { id: 'holdem-e2e', ephemeral: false, options: { hand_delay_ms: 200 } });
    const ps = [await player('fay'), await player('gus')];
    const ts = await Promise.all(ps.map((p) => open(p, 'holdem-e2e')));
    for (const t of ts) assert.equal((await pushAsync(t.ch, 'sit', { buy_in: 4000 })).status, 'ok');
    await waitFor('a hand dealt to both', () => ts.every((t) => t.state?.game?.hand?.street === 'preflop'));
    ts.forEach((t, i) => {
      for (const s of t.state.game.hand.seats) assert.equal(s.cards === null, s.player_id !== ps[i]!.guest.player_id, 'own cards only');
    });
    const seatOf = (t: Table, p: Player) => t.state.seats.find((s: any) => s.player_id === p.guest.player_id)?.seat;
    /** The player to act folds, which ends a heads-up hand. */
    const foldHand = async () => {
      await waitFor('a hand with a player to act', () => ts.some((t, k) => t.state.game.hand?.to_act === seatOf(t, ps[k]!)));
      const k = ts.findIndex((t, j) => t.state.game.hand?.to_act === seatOf(t, ps[j]!));
      const round = ts[k]!.state.round_id;
      await act(ts[k]!, { action: 'fold' });
      await waitFor('settled', () => settled(ts[0]!, round) !== undefined);
    };
    await foldHand();
    for (const t of ts) {
      let left = await pushAsync(t.ch, 'leave_seat', {});
      for (let n = 0; left.status !== 'ok' && n < 10; n++) {
        assert.equal(left.response.reason, 'round_closed', 'the next hand started');
        await foldHand();
        left = await pushAsync(t.ch, 'leave_seat', {});
      }
      assert.equal(left.status, 'ok', JSON.stringify(left.response));
    }
    const total = (await Promise.all(ps.map(balanceOf))).reduce((a, b) => a + b, 0);
    assert.equal(total, 20_000, 'every chip went home');
  });

  it('leaves the ledger balanced with no open round', async () => {
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.negative_balances, check.open_rounds, check.ok], [0, 0, 0, true]);
  });
});
