// Jackpots and tournaments, in process: the meter grows with slot stakes and is broadcast
// with the commitment to its secret hit point; a must-hit-by pool is won exactly once and
// announced with hit point and salt revealed; winnings enter the daily tournament, whose
// channel broadcasts rank changes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ok, refused, startCasino, type Casino, type Client, type Joined } from '../harness.ts';

describe('jackpots and tournaments', () => {
  let casino: Casino;
  let alice: Client;
  let jp: Joined;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_JACKPOT_TICK_MS: '100' }, jackpotTicker: true, defaultTables: false });
    alice = await casino.guest('alice');
  });
  after(() => casino.close());

  it('shows the jackpot meters on join and broadcasts them as slot stakes feed the pool', async () => {
    jp = await alice.join('jackpots');
    const [mega] = jp.reply.jackpots;
    // The meter and the commitment to the hit point are public; the hit point is not.
    assert.deepEqual(Object.keys(mega).sort(), ['amount', 'commitment', 'cycle', 'draw', 'hit_range', 'id', 'name']);
    assert.deepEqual([mega.id, mega.name, mega.amount, mega.cycle, mega.hit_range], ['mega', 'Mega Jackpot', 50_000, 1, [50_000, 1_000_000]]);
    assert.match(mega.commitment, /^[0-9a-f]{64}$/);
    const t = await alice.find('slots');
    ok(await t.act({ action: 'spin', bet: 1000 }));
    await jp.until('the meter event', () => jp.pushes('jackpot').some((e) => e.id === 'mega' && e.amount === 50_010));
    assert.equal(jp.pushes('jackpot').find((e) => e.id === 'mega' && e.amount === 50_010).commitment, mega.commitment);
  });

  it('pays a must-hit-by jackpot exactly once and announces it', async () => {
    await casino.ledger.jackpots.create({ id: 'mini', currency: 'PLAY', contributionBps: 1000, seed: 1000, mustHitBy: 1050 });
    // Its commitment is on the channel before anyone plays it.
    await jp.until('mini published', () => jp.pushes('jackpot').some((e) => e.id === 'mini'));
    const published = jp.pushes('jackpot').find((e) => e.id === 'mini');
    assert.deepEqual([published.amount, published.cycle, published.hit_range], [1000, 1, [1000, 1050]]);
    const cfg = await casino.tables.create('slots', { options: { jackpot: 'mini' } });
    const t = await alice.table(cfg.id);
    const r = ok(await t.act({ action: 'spin', bet: 600 }));
    await jp.until('jackpot_won', () => jp.pushes('jackpot_won').some((w) => w.id === 'mini'));
    const won = jp.pushes('jackpot_won').filter((x) => x.id === 'mini');
    assert.equal(won.length, 1, 'won exactly once');
    const [w] = won;
    assert.deepEqual([w.player_id, w.round_id], [alice.id, r.round_id]);
    // Revealed with the win: the hit point and salt behind the published commitment.
    assert.deepEqual([w.cycle, w.commitment, w.hit_range], [1, published.commitment, [1000, 1050]]);
    assert.equal(createHash('sha256').update(`${w.hit_point}:${w.salt}`).digest('hex'), published.commitment);
    assert.ok(w.hit_point >= 1000 && w.hit_point <= 1050 && w.amount >= w.hit_point);
    // And the next cycle's commitment, published at the reset.
    assert.deepEqual([w.next.cycle, w.next.hit_range], [2, [1000, 1050]]);
    await jp.until('next cycle published', () => jp.pushes('jackpot').some((e) => e.id === 'mini' && e.cycle === 2 && e.commitment === w.next.commitment));
    const pool = (await casino.ledger.jackpots.get('mini'))!;
    assert.deepEqual([pool.cycle, pool.meter], [2, 1000], 'the pool moved on to its next cycle, reseeded');
    await casino.assertBalanced();
  });

  it('enters winnings in the daily tournament and broadcasts rank changes', async () => {
    // A player new to the board, so their first win is a change from "unranked".
    const bob = await casino.guest('bob');
    refused(await bob.tryJoin('tournament:nope'), 'not_found');
    const board = await bob.join('tournament:daily-biggest-win');
    assert.equal(board.reply.me, null);
    const t = await bob.find('slots');
    let best = 0;
    for (let i = 0; i < 60 && best === 0; i++) best = Math.max(best, ok(await t.act({ action: 'spin', bet: 100 })).win);
    assert.ok(best > 0, 'a winning spin in 60 tries');
    await board.until('rank_changed', () => board.pushes('rank_changed').some((c) => c.player_id === bob.id && c.from === null && c.to >= 1));
    const again = await (await casino.connect(bob.token)).join('tournament:daily-biggest-win');
    const me = again.reply.leaderboard.find((r: any) => r.player_id === bob.id);
    assert.deepEqual([me.name, me.score], ['bob', best]);
    assert.deepEqual(again.reply.me, { rank: me.rank, score: me.score });
  });
});
