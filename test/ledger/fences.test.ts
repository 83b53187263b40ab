// Fencing a table's writes (migration 108, src/ledger/fences.ts), on PGlite and PostgreSQL:
// two ledgers on one store play two nodes. Node A opens a round at a table it holds under
// token 5; the table moves to node B under token 7; A — presumed dead, still running —
// cannot settle that round, stake into it, open a new one or play an instant round there,
// each refused in its own transaction with a StaleOwnerError; B completes the round by
// recovery. Tables nobody claimed (a single node) are not fenced.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { StaleOwnerError } from '../../src/ledger/index.ts';
import { accountId } from '../../src/ledger/money.ts';

describe('Table fences', () => {
  forEachStore((ctx) => {
    const node = (id: string, held: Map<string, number>) => new Ledger(ctx.store, { nodeId: id, fenceOf: (t) => held.get(t) ?? null });
    const open = (l: Ledger, table: string, round: string, player: string) => l.rounds.open({
      roundId: round, game: 'test', tableId: table, rulesVersion: '1', currency: 'EUR',
      seeds: { serverSeed: `s-${round}`, clientSeed: 'c', nonce: 0 }, stakes: [{ player, amount: 100 }] });
    const stale = (e: unknown) => e instanceof StaleOwnerError && e.reason === 'unavailable';

    it('refuses a stale owner\'s settle after the table moved, and lets the new owner complete the round', async () => {
      const T = `fence-t-${Math.random()}`;
      const onA = new Map<string, number>();
      const onB = new Map<string, number>();
      const a = node('node-a', onA);
      const b = node('node-b', onB);
      await a.wallet.deposit({ player: 'fp1', currency: 'EUR', amount: 1000, key: `fp1-dep-${T}` });

      await a.fences.claim(T, 'node-a', 5);
      onA.set(T, 5);
      await open(a, T, `${T}-R1`, 'fp1');
      assert.equal((await a.rounds.get(`${T}-R1`))!.status, 'open');

      // A's lease lapses; B claims the table under a newer token. A does not know yet.
      await b.fences.claim(T, 'node-b', 7);
      onB.set(T, 7);
      assert.deepEqual(await a.fences.holder(T), { nodeId: 'node-b', token: 7 });

      await assert.rejects(a.rounds.settle(`${T}-R1`, { outcome: { won: true }, payouts: { fp1: 1000 } }), stale);
      await assert.rejects(a.rounds.addStake(`${T}-R1`, { player: 'fp1', amount: 100, key: 'more' }), stale);
      await assert.rejects(open(a, T, `${T}-R2`, 'fp1'), stale);
      await assert.rejects(a.rounds.playInstant({
        roundId: `${T}-I1`, game: 'slots', tableId: T, rulesVersion: 'slots-1', currency: 'EUR', seeds: { serverSeed: 's-i', clientSeed: 'c', nonce: 1 },
        player: 'fp1', stake: 100, bet: {}, steps: [{ action: { type: 'act' }, events: [] }], outcome: {}, payout: 5000,
      }), stale);
      // Nothing moved: the refused writes were whole transactions.
      assert.equal(await a.wallet.playerBalance('fp1', 'EUR'), 900);
      assert.equal((await a.rounds.get(`${T}-R1`))!.status, 'open');
      assert.equal(await a.rounds.get(`${T}-R2`), null);

      // An older claim cannot come back either.
      await assert.rejects(a.fences.claim(T, 'node-a', 6), stale);

      // The new owner resolves the round (nothing journaled as drawn: refunded).
      const done = await b.rounds.recover({ tableId: T, allNodes: true, actor: `table:${T}` });
      assert.deepEqual(done.map((r) => [r.roundId, r.resolution]), [[`${T}-R1`, 'refunded']]);
      assert.equal(await b.wallet.playerBalance('fp1', 'EUR'), 1000);
      assert.equal(await b.wallet.balance(accountId('escrow', T, 'EUR')), 0);
      // and plays on under its token.
      await open(b, T, `${T}-R3`, 'fp1');
      await b.rounds.settle(`${T}-R3`, { outcome: {}, payouts: { fp1: 200 } });
      assert.equal(await b.wallet.playerBalance('fp1', 'EUR'), 1100);
    });

    it('refuses a write carrying no token to a claimed table, and fences nothing unclaimed', async () => {
      const T = `fence-u-${Math.random()}`;
      const plain = new Ledger(ctx.store, { nodeId: 'single' });
      await plain.wallet.deposit({ player: 'fp2', currency: 'EUR', amount: 1000, key: `fp2-dep-${T}` });
      await open(plain, T, `${T}-R1`, 'fp2');
      await plain.rounds.settle(`${T}-R1`, { outcome: {}, payouts: { fp2: 0 } });
      await plain.fences.claim(T, 'node-x', 9);
      await assert.rejects(open(plain, T, `${T}-R2`, 'fp2'), stale);
    });

    it('refuses a stake from a node that let the table go (its token forgotten), though it carries no token at all', async () => {
      const T = `fence-f-${Math.random()}`;
      const a = new Ledger(ctx.store, { nodeId: 'node-fa', fenced: true });
      await a.wallet.deposit({ player: 'fp3', currency: 'EUR', amount: 1000, key: `fp3-dep-${T}` });
      await a.fences.claim(T, 'node-fa', 3);
      await open(a, T, `${T}-R1`, 'fp3');
      a.fences.forget(); // its lease was lost: it writes that table no more
      await assert.rejects(a.rounds.addStake(`${T}-R1`, { player: 'fp3', amount: 50, key: 'late' }), stale);
      assert.equal(await a.wallet.playerBalance('fp3', 'EUR'), 900, 'the refused stake moved nothing');
    });
  });
});
