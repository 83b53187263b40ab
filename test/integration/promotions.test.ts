// Jackpots and tournaments over the official client: the meter grows with slot stakes
// and is broadcast with the commitment to the secret hit point; a must-hit-by pool is won
// exactly once and announced with hit point and salt revealed; winnings enter the daily
// tournament with rank changes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import { createHash } from 'node:crypto';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('jackpots and tournaments', () => {
  let server: RunningServer;
  let alice: Guest;
  let socket: Socket;
  let lobby: Channel;
  const jackpotEvents: any[] = [];
  const won: any[] = [];

  const spinAt = async (id: string, bet: number) => {
    const t = socket.channel(`table:${id}`, {});
    await joinAsync(t);
    return (await pushAsync(t, 'act', { action: 'spin', bet })).response;
  };

  before(async () => {
    server = await startTestServer({ PITBOSS_JACKPOT_TICK_MS: '100' });
    alice = await newGuest(server.url, 'alice');
    socket = clientSocket(server.port, { params: { token: alice.token } });
    socket.connect();
    lobby = socket.channel('lobby', {});
    await joinAsync(lobby);
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  it('shows the jackpot meters on join and broadcasts them as slot stakes feed the pool', async () => {
    const jp = socket.channel('jackpots', {});
    jp.on('jackpot', (e) => {
      jackpotEvents.push(e);
    });
    jp.on('jackpot_won', (e) => {
      won.push(e);
    });
    const joined = await joinAsync(jp);
    const [mega] = joined.response.jackpots;
    // The meter and the commitment to the hit point are public; the hit point is not.
    assert.deepEqual(Object.keys(mega).sort(), ['amount', 'commitment', 'cycle', 'draw', 'hit_range', 'id', 'name']);
    assert.deepEqual([mega.id, mega.name, mega.amount, mega.cycle, mega.hit_range], ['mega', 'Mega Jackpot', 50_000, 1, [50_000, 1_000_000]]);
    assert.match(mega.commitment, /^[0-9a-f]{64}$/);
    const id = (await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id;
    await spinAt(id, 1000);
    await waitFor('meter event', () => jackpotEvents.some((e) => e.id === 'mega' && e.amount === 50_010));
    assert.equal(jackpotEvents.find((e) => e.id === 'mega' && e.amount === 50_010).commitment, mega.commitment);
  });

  it('pays a must-hit-by jackpot exactly once and announces it', async () => {
    await server.services.ledger!.jackpots.create({ id: 'mini', currency: 'PLAY', contributionBps: 1000, seed: 1000, mustHitBy: 1050 });
    // Its commitment is on the channel before anyone plays it.
    await waitFor('mini published', () => jackpotEvents.some((e) => e.id === 'mini'));
    const published = jackpotEvents.find((e) => e.id === 'mini');
    assert.deepEqual([published.amount, published.cycle, published.hit_range], [1000, 1, [1000, 1050]]);
    const cfg = await server.services.tables!.create('slots', { options: { jackpot: 'mini' } });
    const r = await spinAt(cfg.id, 600);
    await waitFor('jackpot_won', () => won.some((w) => w.id === 'mini'));
    const w = won.find((x) => x.id === 'mini');
    assert.equal(w.player_id, alice.player_id);
    assert.equal(w.round_id, r.round_id);
    // Revealed with the win: the hit point and salt behind the published commitment.
    assert.deepEqual([w.cycle, w.commitment, w.hit_range], [1, published.commitment, [1000, 1050]]);
    assert.equal(createHash('sha256').update(`${w.hit_point}:${w.salt}`).digest('hex'), published.commitment);
    assert.ok(w.hit_point >= 1000 && w.hit_point <= 1050 && w.amount >= w.hit_point);
    // And the next cycle's commitment, published at the reset.
    assert.deepEqual([w.next.cycle, w.next.hit_range], [2, [1000, 1050]]);
    await waitFor('next cycle published', () => jackpotEvents.some((e) => e.id === 'mini' && e.cycle === 2 && e.commitment === w.next.commitment));
    const pool = (await server.services.ledger!.jackpots.get('mini'))!;
    assert.equal(pool.cycle, 2, 'the pool moved on to its next cycle');
    assert.equal(pool.meter, 1000, 'and was reseeded');
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.ok], [0, true]);
  });

  it('enters winnings in the daily tournament and broadcasts rank changes', async () => {
    // A player new to the board, so their first win is a change from "unranked".
    const bob = await newGuest(server.url, 'bob');
    const bs = clientSocket(server.port, { params: { token: bob.token } });
    bs.connect();
    try {
      const none = await joinAsync(bs.channel('tournament:nope', {}));
      assert.equal(none.response.reason, 'not_found');
      const t = bs.channel('tournament:daily-biggest-win', {});
      const changes: any[] = [];
      t.on('rank_changed', (e) => {
        changes.push(e);
      });
      await joinAsync(t);
      const bl = bs.channel('lobby', {});
      await joinAsync(bl);
      const id = (await pushAsync(bl, 'find_table', { game: 'slots' })).response.id;
      const table = bs.channel(`table:${id}`, {});
      await joinAsync(table);
      let best = 0;
      for (let i = 0; i < 40 && best === 0; i++) best = Math.max(best, (await pushAsync(table, 'act', { action: 'spin', bet: 100 })).response.win);
      assert.ok(best > 0, 'a winning spin in 40 tries');
      await waitFor('rank_changed', () => changes.some((c) => c.player_id === bob.player_id && c.from === null && c.to >= 1));
      const again = await joinAsync(bs.channel('tournament:daily-biggest-win', {}));
      const me = again.response.leaderboard.find((r: any) => r.player_id === bob.player_id);
      assert.equal(me.name, 'bob');
      assert.equal(me.score, best);
      assert.deepEqual(again.response.me, { rank: me.rank, score: me.score });
    } finally {
      bs.disconnect();
    }
  });
});
