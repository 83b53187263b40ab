// Hold'em over the official client: buy-in to table chips, hands dealt with blinds staked
// from the chips, hole cards only in each player's own state, actions in turn (out of
// turn and bad amounts refused), a timed-out player folded, stacks conserved hand by
// hand, cash-out on leaving — and the ledger balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { chipsAccount } from '../../src/casino/tables/chips.ts';
import { accountId, replayRound } from '../../src/ledger/index.ts';
import { casinoReplayers } from '../../src/casino/adapters/replayers.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

interface P {
  guest: Guest;
  socket: Socket;
  ch: Channel;
  state: any;
  events: any[];
}

describe("hold'em tables over the official phoenix client", () => {
  let server: RunningServer;
  const ps: P[] = [];
  const balance = async (p: P) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${p.guest.token}` } })).json()) as any).balance;

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '20000', PITBOSS_TURN_MS: '500' });
    for (const name of ['ann', 'ben', 'cat']) {
      const guest = await newGuest(server.url, name);
      const socket = clientSocket(server.port, { params: { token: guest.token } });
      socket.connect();
      const ch = socket.channel('table:holdem-1', {});
      const p: P = { guest, socket, ch, state: null, events: [] };
      ch.on('state', (s) => {
        p.state = s;
      });
      ch.on('event', (e) => {
        p.events.push(e);
      });
      const joined = await joinAsync(ch);
      p.state = joined.response.state;
      ps.push(p);
    }
  });
  after(async () => {
    for (const p of ps) p.socket.disconnect();
    await server.stop();
  });

  it('refuses buy-ins outside the limits and the wallet, then seats three players with chips', async () => {
    const [ann, ben, cat] = ps as [P, P, P];
    assert.equal((await pushAsync(ann.ch, 'sit', { buy_in: 100 })).response.reason, 'below_min');
    assert.equal((await pushAsync(ann.ch, 'sit', { buy_in: 10_001 })).response.reason, 'above_max');
    assert.equal((await pushAsync(ann.ch, 'sit', { buy_in: 2500.5 })).response.reason, 'invalid_payload');
    for (const [p, seat] of [[ann, 0], [ben, 1], [cat, 2]] as const) {
      const r = await pushAsync(p.ch, 'sit', { seat, buy_in: 4000 });
      assert.deepEqual(r, { status: 'ok', response: { seat } });
      assert.equal(await balance(p), 16000);
      assert.equal(await server.services.ledger!.wallet.balance(chipsAccount('holdem-1', p.guest.player_id)), 4000);
    }
  });

  it('deals a hand: each player sees only their own hole cards, events carry none', async () => {
    await waitFor('hand dealt', () => ps.every((p) => p.state?.game?.hand?.street === 'preflop'), 8000);
    for (const p of ps) {
      const seats = p.state.game.hand.seats;
      const mine = seats.find((x: any) => x.player_id === p.guest.player_id);
      assert.equal(mine.cards.length, 2);
      for (const other of seats.filter((x: any) => x.player_id !== p.guest.player_id)) assert.equal(other.cards, null);
      assert.ok(!p.events.some((e) => e.type === 'hole_cards_dealt'));
    }
  });

  it('takes actions in turn, refuses out-of-turn and malformed ones, and folds a player whose time runs out', async () => {
    const toAct = () => ps[0]!.state.game.hand?.to_act;
    const seatOf = (p: P) => p.state.game.hand.seats.find((x: any) => x.player_id === p.guest.player_id).seat;
    const actor = ps.find((p) => seatOf(p) === toAct())!;
    const other = ps.find((p) => p !== actor)!;
    assert.equal((await pushAsync(other.ch, 'act', { action: 'call' })).response.reason, 'not_your_turn');
    assert.equal((await pushAsync(actor.ch, 'act', { action: 'raise', amount: -5 })).response.reason, 'invalid_payload');
    assert.equal((await pushAsync(actor.ch, 'act', { action: 'shove' })).response.reason, 'invalid_action');
    assert.equal((await pushAsync(actor.ch, 'act', { action: 'call', amount: 5 })).response.reason, 'invalid_payload', 'call takes no amount');
    const raise = await pushAsync(actor.ch, 'act', { action: 'raise', amount: 300 });
    assert.equal(raise.status, 'ok', JSON.stringify(raise.response));
    // Nobody else acts: the clock folds (or checks) for them until the hand ends.
    await waitFor('hand settled', () => ps[0]!.events.some((e) => e.type === 'settled'), 10_000);
    assert.ok(ps[0]!.events.some((e) => e.type === 'action' && e.timeout === true));
    const settled = ps[0]!.events.find((e) => e.type === 'settled');
    assert.ok(Array.isArray(settled.outcome.board) && Array.isArray(settled.outcome.pots));
    const replayed = (await replayRound(server.services.ledger!.store, settled.round_id, await casinoReplayers()))!;
    assert.equal(replayed.ok, true, replayed.mismatches.join());
    assert.deepEqual(replayed.replayed.outcome, settled.outcome, 'the hand replays from its journal to the same board, pots and shown hands');
    const stacks = await Promise.all(ps.map((p) => server.services.ledger!.wallet.balance(chipsAccount('holdem-1', p.guest.player_id))));
    assert.equal(stacks.reduce((a, b) => a + b, 0), 12_000, 'chips are conserved across the hand');
  });

  it('cashes a player out when they leave between hands, and the ledger balances', async () => {
    const ann = ps[0]!;
    // Leaving is refused while a hand runs; retry between hands.
    let left = await pushAsync(ann.ch, 'leave_seat', {});
    for (let i = 0; left.status !== 'ok' && i < 100; i++) {
      assert.equal(left.response.reason, 'round_closed');
      await new Promise((r) => setTimeout(r, 50));
      left = await pushAsync(ann.ch, 'leave_seat', {});
    }
    assert.equal(left.status, 'ok');
    assert.equal(await server.services.ledger!.wallet.balance(chipsAccount('holdem-1', ann.guest.player_id)), 0);
    const total = (await Promise.all(ps.map((p) => balance(p)))).reduce((a, b) => a + b, 0)
      + (await Promise.all(ps.slice(1).map((p) => server.services.ledger!.wallet.balance(chipsAccount('holdem-1', p.guest.player_id))))).reduce((a, b) => a + b, 0);
    // A new hand may already be running between the other two: its pot sits in the table's escrow.
    const pot = await server.services.ledger!.wallet.balance(accountId('escrow', 'holdem-1', 'PLAY'));
    assert.equal(total + pot, 60_000, 'wallets, chips and the running pot hold all the money');
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.negative_balances, check.ok], [0, 0, true]);
  });
});
