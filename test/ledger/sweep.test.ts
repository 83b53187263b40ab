// Returning a held balance (stranded table chips) to its owner: whoever returns it — the
// start-up sweep, a table closing, the player asking, at the same moment — the money
// moves once, in one balanced, audited transaction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { accountId } from '../../src/ledger/money.ts';

describe('Returning a held balance', () => {
  forEachStore((ctx) => {
    const held = (p: string) => accountId('escrow', `sw-table/${p}`, 'EUR');
    const wallet = (p: string) => accountId('player', p, 'EUR');
    const req = (p: string, reason: string) => ({ from: held(p), to: wallet(p), kind: 'cash_out', action: 'chips_returned', reason, actor: 'system' });

    it('moves the whole balance once when several returners race for it', async () => {
      const l = new Ledger(ctx.store);
      const gc = new Ledger(ctx.store, { groupCommit: true });
      for (let round = 0; round < 4; round++) {
        const p = `sw-${round}`;
        await l.wallet.deposit({ player: p, currency: 'EUR', amount: 1000, key: `${p}-dep` });
        await l.wallet.transfer({ key: `${p}-in`, kind: 'buy_in', currency: 'EUR', entries: [{ account: wallet(p), amount: -600 }, { account: held(p), amount: 600 }] });
        const moved = await Promise.all([
          l.wallet.sweep(req(p, 'startup')), gc.wallet.sweep(req(p, 'table_closed')), l.wallet.sweep(req(p, 'player_request')), gc.wallet.sweep(req(p, 'player_request')),
        ]);
        assert.deepEqual(moved.filter((m) => m > 0), [600], JSON.stringify(moved));
        assert.deepEqual([await l.wallet.balance(held(p)), await l.wallet.playerBalance(p, 'EUR')], [0, 1000]);
        const audit = await ctx.store.query<{ after: string }>("SELECT after FROM audit_log WHERE action = 'chips_returned' AND subject = $1", [held(p)]);
        assert.equal(audit.length, 1);
        assert.equal(JSON.parse(audit[0]!.after)[wallet(p)], 1000);
        // Chips bought again and returned again: a new key, because the account has a new last entry.
        await l.wallet.transfer({ key: `${p}-in2`, kind: 'buy_in', currency: 'EUR', entries: [{ account: wallet(p), amount: -100 }, { account: held(p), amount: 100 }] });
        assert.equal(await gc.wallet.sweep(req(p, 'startup')), 100);
      }
      const check = await l.check();
      assert.deepEqual([check.sum, check.ok], [0, true]);
    });

    it('moves nothing and creates no account when there is nothing held', async () => {
      const l = new Ledger(ctx.store);
      assert.equal(await l.wallet.sweep(req('sw-none', 'startup')), 0);
      assert.equal((await ctx.store.query('SELECT 1 FROM accounts WHERE id = $1', [held('sw-none')])).length, 0);
    });
  });
});
