// What a client receives per action, frame by frame, over a real socket with the official
// phoenix client (docs/protocol.md, "What a client receives per action"). Every frame the
// socket gets between an action and a barrier is recorded: the barrier is a `resume` push
// on the same table channel, answered after everything the action made the table send
// (the table answers the act only after its events, personal states and balance notices
// are out; the channel process handles its mailbox in order).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, type Guest } from './helpers.ts';

type Frame = { topic: string; event: string; payload: any; ref: string | null };

interface Player {
  guest: Guest;
  socket: Socket;
  lobby: Channel;
  frames: Frame[];
}

/** A frame in short: `reply`, `event:<type>`, `state`, `balance`… */
const short = (f: Frame) => (f.event === 'phx_reply' ? 'reply' : f.event === 'event' ? `event:${f.payload.type}` : f.event);

describe('frames per action, over the official phoenix client', () => {
  let server: RunningServer;
  const players: Player[] = [];

  const player = async (name: string, playerChannel = false): Promise<Player> => {
    const guest = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    const p: Player = { guest, socket, lobby: socket.channel('lobby', {}), frames: [] };
    socket.onMessage((m: any) => {
      p.frames.push({ topic: m.topic, event: m.event, payload: m.payload, ref: m.ref });
    });
    socket.connect();
    assert.equal((await joinAsync(p.lobby)).status, 'ok');
    if (playerChannel) assert.equal((await joinAsync(socket.channel(`player:${guest.player_id}`, {}))).status, 'ok');
    players.push(p);
    return p;
  };
  const table = async (p: Player, id: string): Promise<Channel> => {
    const ch = p.socket.channel(`table:${id}`, {});
    const joined = await joinAsync(ch);
    assert.equal(joined.status, 'ok', JSON.stringify(joined.response));
    return ch;
  };
  const barrier = async (ch: Channel) => assert.equal((await pushAsync(ch, 'resume', { since: 0 })).status, 'ok');
  /**
   * Everything each of `who` (a player and its channel to the table) received on table and
   * player topics while `action` ran: from a barrier before it to a barrier after it.
   */
  const during = async (who: Array<[Player, Channel]>, action: () => Promise<unknown>): Promise<Frame[][]> => {
    for (const [, ch] of who) await barrier(ch);
    const from = who.map(([p]) => p.frames.length);
    await action();
    for (const [, ch] of who) await barrier(ch);
    return who.map(([p], i) => {
      const got = p.frames.slice(from[i]);
      const last = got.findLastIndex((f) => f.event === 'phx_reply' && f.payload.response?.events !== undefined);
      return got.slice(0, last).filter((f) => f.topic !== 'lobby' && f.topic !== 'phoenix');
    });
  };
  const ok = async (ch: Channel, event: string, payload: object) => {
    const r = await pushAsync(ch, event, payload);
    assert.equal(r.status, 'ok', JSON.stringify(r.response));
    return r.response;
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '100000', PITBOSS_BETTING_MS: '60000', PITBOSS_TURN_MS: '60000' });
  });
  after(async () => {
    for (const p of players) p.socket.disconnect();
    await server.stop();
  });

  it('slots: a spin answers its player with the reply, one `settled` event and one balance notice', async () => {
    const alice = await player('alice', true);
    const found = await ok(alice.lobby, 'find_table', { game: 'slots' });
    const ch = await table(alice, found.id);
    await ok(ch, 'act', { action: 'spin', bet: 100 }); // the first spin also seats her
    let reply: any;
    const [frames] = await during([[alice, ch]], async () => { reply = await ok(ch, 'act', { action: 'spin', bet: 100, key: 'frames-1' }); });
    console.log('slots spin:', frames!.map(short));
    assert.deepEqual(frames!.map(short).sort(), ['balance', 'event:settled', 'reply']);
    const settled = frames!.find((f) => f.event === 'event')!.payload;
    assert.deepEqual(Object.keys(settled).sort(), ['bet', 'client_seed', 'nonce', 'outcome', 'player_id', 'results', 'round_id', 'seq', 'server_seed_hash', 'type']);
    assert.deepEqual([settled.round_id, settled.player_id, settled.bet], [reply.round_id, alice.guest.player_id, 100]);
    assert.deepEqual(settled.outcome, { window: reply.window, wins: reply.wins, win: reply.win, free_spins: reply.free_spins, feature: reply.feature });
    assert.deepEqual(settled.results, [{ player_id: alice.guest.player_id, staked: 100, won: reply.win }]);
    const balance = frames!.find((f) => f.event === 'balance')!.payload;
    assert.deepEqual(balance, { balance: reply.balance, delta: reply.win - 100, reason: 'round', table_id: found.id });
  });

  it('roulette (single-player): each action answers with its reply, its events, one state and one balance notice', async () => {
    const dora = await player('dora', true);
    const ch = await table(dora, (await ok(dora.lobby, 'find_table', { game: 'roulette' })).id);
    await ok(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }] }); // the first act also seats her
    await ok(ch, 'act', { action: 'spin' });
    const [bet] = await during([[dora, ch]], () => ok(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }] }));
    const [spin] = await during([[dora, ch]], () => ok(ch, 'act', { action: 'spin' }));
    console.log('roulette bet:', bet!.map(short), 'spin:', spin!.map(short));
    assert.deepEqual(bet!.map(short).sort(), ['balance', 'event:bets_placed', 'event:round_opened', 'reply', 'state']);
    assert.deepEqual(spin!.map(short).filter((f) => f === 'state' || f === 'balance' || f === 'reply'), ['balance', 'reply', 'state']);
    assert.ok(spin!.some((f) => short(f) === 'event:settled'));
  });

  it('blackjack: a second member of the table gets each action’s events and one state', async () => {
    const [bob, cat] = [await player('bob'), await player('cat')];
    const id = (await ok(bob.lobby, 'find_table', { game: 'blackjack', shared: true })).id;
    const [bch, cch] = [await table(bob, id), await table(cat, id)];
    await ok(bch, 'sit', {});
    const both: Array<[Player, Channel]> = [[bob, bch], [cat, cch]];
    const [bobBet, catBet] = await during(both, () => ok(bch, 'act', { action: 'bet', amount: 100 }));
    console.log('blackjack bet, bettor:', bobBet!.map(short));
    console.log('blackjack bet, other member:', catBet!.map(short));
    const states = catBet!.filter((f) => f.event === 'state');
    assert.equal(states.length, 1, 'one state per action, however many steps it took');
    assert.ok(catBet!.some((f) => short(f) === 'event:dealt'), 'the deal is an event');
    assert.deepEqual(catBet!.at(-1)!.event, 'state', 'the state comes after the events it sums up');
    const view = states[0]!.payload;
    if (view.game.tag === 'playing') {
      const [, catStand] = await during(both, () => ok(bch, 'act', { action: 'stand' }));
      console.log('blackjack stand, other member:', catStand!.map(short));
      assert.equal(catStand!.filter((f) => f.event === 'state').length, 1);
      assert.ok(catStand!.some((f) => short(f) === 'event:settled'));
    }
  });
});
