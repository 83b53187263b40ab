// Stakes added to an open round: a double, a split, a second bet, a player joining a
// shared round. Idempotent by key; refunded or settled with the rest; recalled in full.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { accountId } from '../../src/ledger/money.ts';
import { PitbossError } from '../../src/errors.ts';

describe('Stakes added to an open round', () => {
  forEachStore((ctx) => {
    const setup = async (tag: string) => {
      const l = new Ledger(ctx.store, { nodeId: `n-${tag}-${Math.random()}` });
      for (const p of ['a', 'b']) await l.wallet.deposit({ player: `${tag}${p}`, currency: 'EUR', amount: 1000, key: `${tag}${p}-dep` });
      await l.rounds.open({ roundId: `${tag}-R`, game: 'test', tableId: `${tag}-t`, rulesVersion: '1', currency: 'EUR',
        seeds: { serverSeed: 's', clientSeed: 'c', nonce: 0 }, stakes: [{ player: `${tag}a`, amount: 100 }] });
      return l;
    };

    it('moves each added stake to escrow once per key, and settles the total', async () => {
      const l = await setup('sa1');
      assert.deepEqual(await l.rounds.addStake('sa1-R', { player: 'sa1a', amount: 100, bet: { double: true }, key: 'd1' }), { replayed: false, balanceAfter: 800 });
      assert.deepEqual(await l.rounds.addStake('sa1-R', { player: 'sa1a', amount: 100, key: 'd1' }), { replayed: true });
      assert.equal(await l.wallet.playerBalance('sa1a', 'EUR'), 800);
      assert.equal(await l.wallet.balance(accountId('escrow', 'sa1-t', 'EUR')), 200);
      const j = (await l.rounds.get('sa1-R'))!;
      assert.deepEqual(j.stakes.map((s) => [s.player, s.amount, s.balanceBefore]), [['sa1a', 200, 1000]]);
      const s = await l.rounds.settle('sa1-R', { outcome: { won: true }, payouts: { sa1a: 400 } });
      assert.deepEqual(s.results.map((x) => [x.stake, x.payout, x.balanceBefore, x.balanceAfter]), [[200, 400, 1000, 1200]]);
      const recalled = await l.rounds.recent('sa1a', 1);
      assert.equal(recalled[0]!.stake, 200);
    });

    it('tells the balance each write left: the opening stake, an added stake, a journaled action', async () => {
      const l = new Ledger(ctx.store, { nodeId: `n-sb4-${Math.random()}` });
      await l.wallet.deposit({ player: 'sb4a', currency: 'EUR', amount: 1000, key: 'sb4a-dep' });
      const opened = await l.rounds.open({ roundId: 'sb4-R', game: 'test', tableId: 'sb4-t', rulesVersion: '1', currency: 'EUR',
        seeds: { serverSeed: 's', clientSeed: 'c', nonce: 0 }, stakes: [{ player: 'sb4a', amount: 150 }] });
      assert.deepEqual(opened.balances, { sb4a: 850 });
      await l.rounds.addStake('sb4-R', { player: 'sb4a', amount: 50, key: 'sb4-k' });
      const a = await l.rounds.appendAction('sb4-R', { type: 'hit' }, [], { balanceOf: accountId('player', 'sb4a', 'EUR') });
      assert.deepEqual(a, { seq: 1, balance: 800 });
      assert.equal(a.balance, await l.wallet.playerBalance('sb4a', 'EUR'));
      assert.deepEqual(await l.rounds.appendAction('sb4-R', { type: 'stand' }), { seq: 2, balance: null });
      await l.rounds.settle('sb4-R', { outcome: {}, payouts: { sb4a: 0 } });
      await assert.rejects(l.rounds.appendAction('sb4-R', { type: 'late' }), (e) => e instanceof PitbossError && e.reason === 'round_closed');
    });

    it('lets a second player join an open shared round with a balance-before of their own', async () => {
      const l = await setup('sa2');
      await l.rounds.addStake('sa2-R', { player: 'sa2b', amount: 300, key: 'b1' });
      await l.rounds.addStake('sa2-R', { player: 'sa2b', amount: 50, key: 'b2' });
      const j = (await l.rounds.get('sa2-R'))!;
      assert.deepEqual(j.stakes.map((s) => [s.player, s.amount, s.balanceBefore]), [['sa2a', 100, 1000], ['sa2b', 350, 1000]]);
      await l.rounds.settle('sa2-R', { outcome: {}, payouts: { sa2a: 0, sa2b: 700 } });
      assert.equal(await l.wallet.playerBalance('sa2b', 'EUR'), 1350);
      const check = await l.check();
      assert.equal(check.sum, 0);
      assert.deepEqual(check.balance_mismatches, []);
    });

    it('refuses an added stake the player cannot cover, or on a settled round, moving nothing', async () => {
      const l = await setup('sa3');
      await assert.rejects(l.rounds.addStake('sa3-R', { player: 'sa3a', amount: 901, key: 'x' }), (e) => e instanceof PitbossError && e.reason === 'insufficient_funds');
      await assert.rejects(l.rounds.addStake('sa3-R', { player: 'sa3a', amount: 1.5, key: 'y' }), (e) => e instanceof PitbossError && e.reason === 'invalid_payload');
      await l.rounds.settle('sa3-R', { outcome: {}, payouts: { sa3a: 0 } });
      await assert.rejects(l.rounds.addStake('sa3-R', { player: 'sa3a', amount: 10, key: 'z' }), (e) => e instanceof PitbossError && e.reason === 'round_closed');
      assert.equal(await l.wallet.playerBalance('sa3a', 'EUR'), 900);
    });

    it('refunds added stakes with the first one when an interrupted round is recovered', async () => {
      const l = await setup('sa4');
      await l.rounds.addStake('sa4-R', { player: 'sa4a', amount: 250, key: 'split' });
      await l.rounds.addStake('sa4-R', { player: 'sa4b', amount: 75, key: 'b' });
      const rec = await l.rounds.recover({ tableId: 'sa4-t', allNodes: true });
      assert.deepEqual(rec.map((r) => [r.resolution, r.payouts]), [['refunded', { sa4a: 350, sa4b: 75 }]]);
      assert.equal(await l.wallet.playerBalance('sa4a', 'EUR'), 1000);
      assert.equal(await l.wallet.playerBalance('sa4b', 'EUR'), 1000);
    });
    it('draws stakes from, and pays back to, a table-chips account when the stake names one', async () => {
      const l = new Ledger(ctx.store, { nodeId: `n-chips-${Math.random()}` });
      const chips = (p: string) => accountId('escrow', `holdem-1/${p}`, 'EUR');
      for (const p of ['cha', 'chb']) {
        await l.wallet.deposit({ player: p, currency: 'EUR', amount: 1000, key: `${p}-dep` });
        await l.wallet.transfer({ key: `${p}-buyin`, kind: 'buy_in', currency: 'EUR',
          entries: [{ account: accountId('player', p, 'EUR'), amount: -600 }, { account: chips(p), amount: 600 }] });
      }
      await l.rounds.open({ roundId: 'ch-R', game: 'holdem', tableId: 'holdem-1', rulesVersion: '1', currency: 'EUR',
        seeds: { serverSeed: 's', clientSeed: 'c', nonce: 0 }, stakes: [{ player: 'cha', amount: 10, account: chips('cha') }] });
      await l.rounds.addStake('ch-R', { player: 'chb', amount: 20, key: 'bb', account: chips('chb') });
      await l.rounds.addStake('ch-R', { player: 'cha', amount: 190, key: 'raise' });
      assert.equal(await l.wallet.balance(chips('cha')), 400);
      assert.equal(await l.wallet.playerBalance('cha', 'EUR'), 400, 'the wallet is not touched by the hand');
      const s = await l.rounds.settle('ch-R', { outcome: {}, payouts: { cha: 220, chb: 0 } });
      assert.deepEqual(s.results.map((x) => [x.player, x.stake, x.payout, x.balanceBefore, x.balanceAfter]), [['cha', 200, 220, 600, 620], ['chb', 20, 0, 600, 580]]);
      assert.equal(await l.wallet.balance(chips('cha')), 620);
      await assert.rejects(l.rounds.open({ roundId: 'ch-bad', game: 'holdem', tableId: 'holdem-1', rulesVersion: '1', currency: 'EUR',
        seeds: { serverSeed: 's', clientSeed: 'c', nonce: 1 }, stakes: [{ player: 'cha', amount: 10, account: accountId('house', 'holdem-1', 'EUR') }] }),
        (e) => e instanceof PitbossError && e.reason === 'invalid_payload');
      assert.equal((await l.check()).sum, 0);
    });
  });
});
