// Deadlines reach the client: every `state` carries `deadlines` (when each armed timer of
// the table fires, epoch ms) and the server's `now`, so a client can count a turn or a
// betting window down. Checked over the official phoenix client at a private blackjack
// table (the turn) and a shared roulette table (the betting window).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

const TURN_MS = 60_000;
const BETTING_MS = 30_000;

describe('table views carry their deadlines', () => {
  let server: RunningServer;
  let socket: Socket;
  let lobby: Channel;
  before(async () => {
    server = await startTestServer({ PITBOSS_TURN_MS: String(TURN_MS), PITBOSS_BETTING_MS: String(BETTING_MS) });
    const guest = await newGuest(server.url, 'dana');
    socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  const open = async (id: string) => {
    const ch = socket.channel(`table:${id}`, {});
    const seen: { state: any; events: any[] } = { state: null, events: [] };
    ch.on('state', (s) => {
      seen.state = s;
    });
    ch.on('event', (e) => {
      seen.events.push(e);
    });
    const joined = await joinAsync(ch);
    assert.equal(joined.status, 'ok');
    seen.state = joined.response.state;
    return { ch, seen };
  };

  it('gives the turn deadline while a blackjack hand waits for its player, and none between rounds', async () => {
    const id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id as string;
    const { ch, seen } = await open(id);
    assert.deepEqual(seen.state.deadlines, {}, 'nothing runs yet');
    assert.equal(typeof seen.state.now, 'number');
    // A natural settles at once: deal again until a hand waits for its player.
    for (let i = 0; i < 20 && seen.state.game.tag !== 'playing'; i++) {
      const settled = seen.events.filter((e) => e.type === 'settled').length;
      assert.equal((await pushAsync(ch, 'act', { action: 'bet', amount: 100, key: crypto.randomUUID() })).status, 'ok');
      await waitFor('the deal', () => ['playing', 'insurance'].includes(seen.state.game.tag) || seen.events.filter((e) => e.type === 'settled').length > settled);
      if (seen.state.game.tag === 'insurance') await pushAsync(ch, 'act', { action: 'no_insurance', key: crypto.randomUUID() });
      await waitFor('a turn or the settlement', () => seen.state.game.tag !== 'insurance');
    }
    assert.equal(seen.state.game.tag, 'playing');
    const { turn } = seen.state.deadlines;
    assert.equal(typeof turn, 'number');
    assert.ok(turn > seen.state.now && turn <= seen.state.now + TURN_MS, `the turn ends within ${TURN_MS} ms of the view: ${turn - seen.state.now}`);
    assert.equal((await pushAsync(ch, 'act', { action: 'stand', key: crypto.randomUUID() })).status, 'ok');
    await waitFor('the round settled', () => seen.state.game.tag === 'betting');
    assert.deepEqual(seen.state.deadlines, {}, 'the turn timer is gone with the round');
  });

  it('gives the betting window\'s close at a shared roulette table, matching betting_open', async () => {
    const id = (await pushAsync(lobby, 'find_table', { game: 'roulette', shared: true })).response.id as string;
    const { ch, seen } = await open(id);
    assert.equal((await pushAsync(ch, 'sit', {})).status, 'ok');
    const r = await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }], key: crypto.randomUUID() });
    assert.equal(r.status, 'ok', JSON.stringify(r.response));
    await waitFor('the window in the state', () => typeof seen.state.deadlines.close === 'number');
    const open_ = seen.events.find((e) => e.type === 'betting_open');
    assert.equal(open_.ms, BETTING_MS);
    const left = seen.state.deadlines.close - seen.state.now;
    assert.ok(left > 0 && left <= BETTING_MS, `closes within the window: ${left}`);
  });
});
