import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { accountId } from '../../src/ledger/money.ts';
import { PitbossError } from '../../src/errors.ts';

const P = (id: string) => accountId('player', id, 'EUR');

function reason(r: string) {
  return (e: unknown) => e instanceof PitbossError && e.reason === r;
}

describe('Wallet', () => {
  forEachStore((ctx) => {
    const ledger = () => new Ledger(ctx.store);

    it('deposits, withdraws and refuses to take a player below zero with a typed error', async () => {
      const w = ledger().wallet;
      await w.deposit({ player: 'w1', currency: 'EUR', amount: 500, key: 'w1-dep' });
      await w.withdraw({ player: 'w1', currency: 'EUR', amount: 200, key: 'w1-wd' });
      assert.equal(await w.playerBalance('w1', 'EUR'), 300);
      await assert.rejects(w.withdraw({ player: 'w1', currency: 'EUR', amount: 301, key: 'w1-wd2' }), (e) => {
        assert.ok(reason('insufficient_funds')(e));
        assert.deepEqual((e as PitbossError).details, { account: P('w1'), balance: 300, amount: 301 });
        return true;
      });
      assert.equal(await w.playerBalance('w1', 'EUR'), 300);
      // A refused request did not consume its key.
      await w.deposit({ player: 'w1', currency: 'EUR', amount: 1, key: 'w1-top' });
      const r = await w.withdraw({ player: 'w1', currency: 'EUR', amount: 301, key: 'w1-wd2' });
      assert.equal(r.replayed, false);
      assert.equal(await w.playerBalance('w1', 'EUR'), 0);
    });

    it('a repeated idempotency key returns the first result and moves nothing', async () => {
      const w = ledger().wallet;
      const a = await w.deposit({ player: 'w2', currency: 'EUR', amount: 70, key: 'w2-dep' });
      const b = await w.deposit({ player: 'w2', currency: 'EUR', amount: 70, key: 'w2-dep' });
      assert.equal(a.replayed, false);
      assert.equal(b.replayed, true);
      assert.equal(b.txId, a.txId);
      assert.deepEqual(b.entries, a.entries);
      assert.equal(await w.playerBalance('w2', 'EUR'), 70);
      await assert.rejects(w.deposit({ player: 'w2', currency: 'EUR', amount: 71, key: 'w2-dep' }), reason('invalid_payload'));
    });

    it('rejects floats, NaN, zero, negatives, unsafe integers and unbalanced or mixed-currency entries', async () => {
      const w = ledger().wallet;
      for (const amount of [1.5, Number.NaN, 0, -5, 2 ** 53, Infinity]) {
        await assert.rejects(w.deposit({ player: 'w3', currency: 'EUR', amount, key: `bad-${amount}` }), reason('invalid_payload'), String(amount));
      }
      await assert.rejects(w.transfer({ key: 'unbal', kind: 'x', currency: 'EUR', entries: [{ account: P('a'), amount: -1 }, { account: P('b'), amount: 2 }] }), reason('invalid_payload'));
      await assert.rejects(w.transfer({ key: 'one', kind: 'x', currency: 'EUR', entries: [{ account: P('a'), amount: 0 }] }), reason('invalid_payload'));
      await assert.rejects(w.transfer({ key: 'ccy', kind: 'x', currency: 'EUR', entries: [{ account: P('a'), amount: -1 }, { account: accountId('player', 'b', 'USD'), amount: 1 }] }), reason('invalid_payload'));
      assert.equal((await ctx.store.query("SELECT 1 FROM ledger_transactions WHERE idem_key LIKE 'bad-%'")).length, 0);
    });

    it('keeps ledger rows append-only and rejects an unbalanced transaction written behind its back', async () => {
      const w = ledger().wallet;
      await w.deposit({ player: 'w4', currency: 'EUR', amount: 10, key: 'w4-dep' });
      await assert.rejects(ctx.store.query('UPDATE ledger_entries SET amount = amount * 2'), /append-only/);
      await assert.rejects(ctx.store.query('DELETE FROM ledger_transactions'), /append-only/);
      await assert.rejects(ctx.store.transaction(async (tx) => {
        const [t] = await tx.query<{ id: number }>("INSERT INTO ledger_transactions (idem_key, request_hash, kind, currency) VALUES ('raw', '', 'x', 'EUR') RETURNING id");
        await tx.query('INSERT INTO ledger_entries (tx_id, account_id, amount, balance_after) VALUES ($1, $2, 5, 5)', [t.id, P('w4')]);
      }), /unbalanced/);
      await assert.rejects(ctx.store.query("UPDATE accounts SET balance = -1 WHERE id = $1", [P('w4')]), /balance_not_negative/);
    });

    it('gives a statement, newest first, with the balance after each line', async () => {
      const w = ledger().wallet;
      await w.deposit({ player: 'w5', currency: 'EUR', amount: 100, key: 'w5-1' });
      await w.withdraw({ player: 'w5', currency: 'EUR', amount: 30, key: 'w5-2' });
      await w.deposit({ player: 'w5', currency: 'EUR', amount: 5, key: 'w5-3' });
      const s = await w.statement(P('w5'));
      assert.deepEqual(s.map((l) => [l.key, l.kind, l.amount, l.balanceAfter]),
        [['w5-3', 'deposit', 5, 75], ['w5-2', 'withdrawal', -30, 70], ['w5-1', 'deposit', 100, 100]]);
      const page2 = await w.statement(P('w5'), { beforeTxId: s[1].txId });
      assert.deepEqual(page2.map((l) => l.key), ['w5-1']);
    });

    it('property: random transfer batches (some repeated) conserve money and never go negative', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(
        fc.array(fc.record({ from: fc.nat(4), to: fc.nat(4), amount: fc.integer({ min: 1, max: 400 }), repeat: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        async (ops, group) => {
          const prefix = `prop${run++}`;
          const l = new Ledger(ctx.store, { groupCommit: group });
          const players = [0, 1, 2, 3, 4].map((i) => `${prefix}-p${i}`);
          await Promise.all(players.map((p) => l.wallet.deposit({ player: p, currency: 'EUR', amount: 500, key: `${p}-seed` })));
          const reqs = ops.filter((o) => o.from !== o.to).flatMap((o, i) => {
            const req = { key: `${prefix}-t${i}`, kind: 'transfer', currency: 'EUR',
              entries: [{ account: P(players[o.from]), amount: -o.amount }, { account: P(players[o.to]), amount: o.amount }] };
            return o.repeat ? [req, req] : [req];
          });
          const settled = await Promise.allSettled(reqs.map((r) => l.wallet.transfer(r)));
          for (const s of settled) if (s.status === 'rejected') assert.ok(reason('insufficient_funds')(s.reason), String(s.reason));
          const balances = await Promise.all(players.map((p) => l.wallet.playerBalance(p, 'EUR')));
          assert.equal(balances.reduce((a, b) => a + b, 0), 2500);
          assert.ok(balances.every((b) => b >= 0));
          // Each key applied at most once: the ledger holds exactly the distinct keys that succeeded.
          const ok = new Set(settled.flatMap((s, i) => (s.status === 'fulfilled' ? [reqs[i].key] : [])));
          const [{ n }] = await ctx.store.query<{ n: number }>('SELECT count(*)::bigint AS n FROM ledger_transactions WHERE idem_key LIKE $1', [`${prefix}-t%`]);
          assert.equal(n, ok.size);
        }), { numRuns: 15 });
      const check = await new Ledger(ctx.store).check();
      assert.equal(check.ok, true, JSON.stringify(check));
    });
  });
});
