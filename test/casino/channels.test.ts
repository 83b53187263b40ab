// The lobby and the player channel, in process. The lobby: the first page of tables on
// join and paging on, find_table matching a player to a table of their own (capped at
// four private tables, so find_table cannot fill the node; a table that fails to start
// leaves nothing behind) or a shared one, presence of who is online. The player channel:
// only its owner joins, the balance on join and after every stake and payout, seed
// pairs, and notices that wait in the outbox until the player is there to take them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stop } from '../../src/runtime/index.ts';
import { ok, refused, startCasino, type Casino } from './harness.ts';

describe('the lobby and player channels', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '3000' } });
  });
  after(() => casino.close());

  describe('lobby', () => {
    it('answers a join with the first page of tables only, and pages on with `tables`', async () => {
      for (let i = 0; i < 60; i++) await casino.tables.create('slots', { id: `lobby-page-${String(i).padStart(2, '0')}` });
      const all = (await casino.tables.list()).map((t) => t['id'] as string);
      const lobby = await (await casino.guest('alice')).lobby();
      assert.equal(lobby.reply.tables.length, 50, 'a join costs one page however many tables are open');
      for (const id of ['baccarat-1', 'blackjack-1', 'holdem-1']) assert.ok(lobby.reply.tables.some((t: any) => t.id === id), id);
      const rest = ok(await lobby.push('tables', { after: lobby.reply.next, limit: 1000 }));
      assert.equal(rest.next, null);
      assert.deepEqual([...lobby.reply.tables, ...rest.tables].map((t: { id: string }) => t.id), all);
      for (const bad of [{ limit: 0 }, { limit: 1.5 }, { after: '' }, { offset: 3 }]) refused(await lobby.push('tables', bad), 'invalid_payload', JSON.stringify(bad));
      refused(await lobby.push('nothing'), 'unknown_event');
    });

    it('finds a shared table with a free seat, or a table of the player’s own, and refuses an unknown game', async () => {
      const lobby = await (await casino.guest('bob')).lobby();
      assert.equal(ok(await lobby.push('find_table', { game: 'baccarat' })).id, 'baccarat-1', 'a shared game: the open table');
      const own = ok(await lobby.push('find_table', { game: 'roulette' })).id;
      assert.notEqual(own, 'roulette-1', 'roulette is single-player unless asked');
      assert.equal(ok(await lobby.push('find_table', { game: 'roulette' })).id, own, 'asking again returns it');
      assert.notEqual(ok(await lobby.push('find_table', { game: 'roulette', min_bet: 20 })).id, own, 'another min_bet is another table');
      refused(await lobby.push('find_table', { game: 'craps' }), 'not_found');
      refused(await lobby.push('find_table', { game: 'slots', min_bet: -1 }), 'invalid_payload');
      refused(await lobby.push('find_table', { game: 'slots', owner: 'x' }), 'invalid_payload');
    });

    it('caps a player’s private tables at four, whatever their game or min_bet, and frees the cap when one closes', async () => {
      const other = await (await casino.guest('other')).lobby();
      const lobby = await (await casino.guest('flooder')).lobby();
      const before = (await casino.tables.list()).length;
      const ids = new Set<string>();
      for (let i = 0; i < 50; i++) ids.add(ok(await lobby.push('find_table', { game: 'slots' })).id);
      assert.equal(ids.size, 1, '50 requests, one table');
      for (const game of ['roulette', 'blackjack', 'baccarat']) ok(await lobby.push('find_table', { game, shared: false }));
      refused(await lobby.push('find_table', { game: 'holdem', shared: false }), 'table_limit');
      for (const minBet of [25, 30]) refused(await lobby.push('find_table', { game: 'slots', min_bet: minBet }), 'table_limit', `min_bet ${minBet}`);
      assert.equal((await casino.tables.list()).length, before + 4);
      assert.ok(!ids.has(ok(await other.push('find_table', { game: 'slots' })).id), 'another player is not affected');
      const [slots] = [...ids];
      await stop(casino.tables.lookup(slots!)!, 'normal');
      assert.equal(casino.tables.gameOf(slots!), undefined, 'the closed table is forgotten');
      ok(await lobby.push('find_table', { game: 'holdem', shared: false }));
    });

    it('counts tables at other min_bets against the cap too, and finds each again', async () => {
      const lobby = await (await casino.guest('minbets')).lobby();
      const replies = [];
      for (const minBet of [20, 40, 60, 80, 100, 120]) replies.push(await lobby.push('find_table', { game: 'slots', min_bet: minBet }));
      assert.deepEqual(replies.map((r) => r.status), ['ok', 'ok', 'ok', 'ok', 'error', 'error']);
      refused(replies[4]!, 'table_limit');
      assert.equal(ok(await lobby.push('find_table', { game: 'slots', min_bet: 40 })).id, replies[1]!.response.id);
    });

    it('leaves nothing behind when a table fails to start', async () => {
      const before = (await casino.tables.list()).length;
      await assert.rejects(casino.tables.create('blackjack', { id: 'broken-1', options: { rules: { decks: 0 } } }));
      assert.equal((await casino.tables.list()).length, before);
      assert.equal(casino.tables.gameOf('broken-1'), undefined, 'its config is forgotten');
      await casino.tables.create('blackjack', { id: 'broken-1' }); // and the id is free to use again
      assert.equal(casino.tables.gameOf('broken-1')?.game, 'blackjack');
    });

    it('tracks who is online: a second player’s join and leave reach the first as presence diffs', async () => {
      const alice = await casino.guest('alice');
      const lobby = await alice.lobby();
      await lobby.until('presence_state', () => lobby.pushes('presence_state').length === 1);
      const [me] = lobby.pushes('presence_state')[0][alice.id].metas;
      assert.deepEqual([me.name, typeof me.online_at, typeof me.phx_ref], ['alice', 'number', 'string']);
      const bob = await casino.guest('bob');
      await bob.lobby();
      await lobby.until('bob joins', () => lobby.pushes('presence_diff').some((d) => bob.id in d.joins));
      await bob.close();
      await lobby.until('bob leaves', () => lobby.pushes('presence_diff').some((d) => bob.id in d.leaves));
      assert.equal(lobby.pushes('presence_diff').filter((d) => alice.id in d.leaves).length, 0);
    });
  });

  describe('player channel', () => {
    it('lets only its owner join, with the balance', async () => {
      const [alice, bob] = [await casino.guest('alice'), await casino.guest('bob')];
      refused(await alice.tryJoin(`player:${bob.id}`), 'forbidden');
      const me = await alice.me();
      assert.deepEqual(me.reply, { balance: 3000 });
      assert.deepEqual(ok(await me.push('balance')), { balance: 3000 });
      refused(await me.push('balance', { player_id: bob.id }), 'invalid_payload');
      refused(await me.push('withdraw'), 'unknown_event');
    });

    it('pushes one balance event for a spin: stake and payout netted', async () => {
      const carol = await casino.guest('carol');
      const me = await carol.me();
      const t = await carol.find('slots');
      const spin = ok(await t.act({ action: 'spin', bet: 100 }));
      await me.until('the balance event', () => me.pushes('balance').length === 1);
      ok(await me.push('balance')); // a round trip after the spin: nothing else was pushed
      assert.deepEqual(me.pushes('balance'), [{ balance: 2900 + spin.win, delta: spin.win - 100, reason: 'round', table_id: t.tableId }]);
    });

    it('keeps a notice for a player who is away until they next join, and delivers it once', async () => {
      const dan = await casino.guest('dan');
      const t = await dan.find('roulette');
      const bet = ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 300 }] }));
      await casino.crash(t.tableId); // nobody on dan's player topic: the notice waits
      await t.until('the restart', () => t.pushes('notice').some((n) => n.kind === 'table_restarted'));
      const me = await dan.me();
      await me.until('the notice', () => me.pushes('notice').length === 1);
      const [n] = me.pushes('notice');
      assert.deepEqual([n.kind, n.resolution, n.stake, n.table_id ?? n.tableId], ['round_resolved', 'refunded', 300, t.tableId]);
      assert.ok(n.text.includes(bet.round_id), n.text);
      assert.equal(me.reply.balance, 3000, 'the stake came back');
      await me.leave();
      const again = await dan.me();
      ok(await again.push('balance')); // answered after the join's own delivery of the outbox
      assert.equal(again.pushes('notice').length, 0, 'delivered once');
    });

    it('reads and sets the seed pair; a rotation reveals the retired server seed to its player', async () => {
      const me = await (await casino.guest('erin')).me();
      const pair = ok(await me.push('seed_pair'));
      assert.deepEqual([typeof pair.server_seed_hash, pair.nonce], ['string', 0]);
      refused(await me.push('set_client_seed', { client_seed: 'x'.repeat(65) }), 'invalid_payload');
      refused(await me.push('set_client_seed', { client_seed: 'tab\there' }), 'invalid_payload');
      const set = ok(await me.push('set_client_seed', { client_seed: 'erin-7' }));
      assert.deepEqual([set.retired.server_seed_hash, set.retired.rounds, set.current.client_seed, set.current.nonce], [pair.server_seed_hash, 0, 'erin-7', 0]);
      assert.equal(typeof set.retired.server_seed, 'string');
    });
  });
});
