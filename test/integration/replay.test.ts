// Table rounds replay from their journals: slots, roulette and baccarat rounds played over
// the official client re-run from seeds and journaled inputs to the recorded outcome; a
// journal that does not match is reported as a mismatch.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { replayRound } from '../../src/ledger/index.ts';
import { casinoReplayers } from '../../src/casino/adapters/replayers.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

describe('replaying table rounds', () => {
  let server: RunningServer;
  let socket: Socket;
  let lobby: Channel;
  const table = async (game: string, extra: object = {}) => {
    const id = (await pushAsync(lobby, 'find_table', { game, ...extra })).response.id;
    const ch = socket.channel(`table:${id}`, {});
    const events: any[] = [];
    ch.on('event', (e) => {
      events.push(e);
    });
    await joinAsync(ch);
    return { ch, events };
  };
  const replay = async (roundId: string) => replayRound(server.services.ledger!.store, roundId, await casinoReplayers());

  before(async () => {
    server = await startTestServer();
    const g = await newGuest(server.url, 'alice');
    socket = clientSocket(server.port, { params: { token: g.token } });
    socket.connect();
    lobby = socket.channel('lobby', {});
    await joinAsync(lobby);
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  it('replays slot spins to their recorded windows and wins', async () => {
    const { ch } = await table('slots');
    for (let i = 0; i < 5; i++) {
      const r = await pushAsync(ch, 'act', { action: 'spin', bet: 100 });
      const report = (await replay(r.response.round_id))!;
      assert.equal(report.ok, true, report.mismatches.join());
      assert.deepEqual((report.replayed.outcome as any).window, r.response.window);
    }
  });

  it('replays a roulette round with several bets to its pocket and payouts', async () => {
    const { ch } = await table('roulette');
    await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'red', amount: 100 }] });
    await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'straight', numbers: [7], amount: 10 }, { type: 'column', numbers: [2], amount: 30 }] });
    const spin = await pushAsync(ch, 'act', { action: 'spin' });
    const report = (await replay(spin.response.round_id))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.deepEqual(report.replayed.outcome, { number: spin.response.number });
  });

  it('replays a single-player baccarat coup', async () => {
    const { ch, events } = await table('baccarat', { shared: false });
    const bet = await pushAsync(ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 200 }, { on: 'player_pair', amount: 100 }] });
    await waitFor('settled', () => events.some((e) => e.type === 'settled'));
    const report = (await replay(bet.response.round_id))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.equal((report.replayed.outcome as any).winner, events.find((e) => e.type === 'settled').outcome.winner);
  });

  it('replays a blackjack round through its adapter, every hit and stand included', async () => {
    const id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
    const ch = socket.channel(`table:${id}`, {});
    let state: any;
    const settled: any[] = [];
    ch.on('state', (x) => {
      state = x;
    });
    ch.on('event', (e) => {
      if (e.type === 'settled') settled.push(e);
    });
    state = (await joinAsync(ch)).response.state;
    const bet = await pushAsync(ch, 'act', { action: 'bet', amount: 100 });
    const round = bet.response.round_id;
    while (!settled.some((e) => e.round_id === round)) {
      if (state?.round_id === round && state.game.tag === 'insurance') await pushAsync(ch, 'act', { action: 'no_insurance' });
      if (state?.round_id === round && state.game.tag === 'playing') {
        const hand = state.game.seats[0].hands[state.game.turn.hand];
        await pushAsync(ch, 'act', { action: hand.total < 15 ? 'hit' : 'stand' });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const report = (await replay(round))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.equal(report.replayed.final, true);
    assert.deepEqual(report.replayed.outcome, settled.find((e) => e.round_id === round).outcome);
  });

  it('depends on the revealed seed: a forged seed lands on other pockets', async () => {
    const { ch } = await table('roulette');
    await pushAsync(ch, 'act', { action: 'bet', bets: [{ type: 'odd', amount: 50 }] });
    const spin = await pushAsync(ch, 'act', { action: 'spin' });
    const journal = (await server.services.ledger!.rounds.get(spin.response.round_id))!;
    // Feed the replayer a journal whose seed was swapped: it cannot reach the same pocket every time.
    const reps = await casinoReplayers();
    const fn = reps.get('roulette')!;
    const outcomes = new Set<number>();
    for (let k = 0; k < 20; k++) outcomes.add((fn({ ...journal, serverSeed: `forged-${k}` }).outcome as { number: number }).number);
    assert.ok(outcomes.size > 1, 'a different seed gives other pockets');
  });
});
