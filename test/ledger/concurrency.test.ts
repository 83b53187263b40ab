// Thousands of concurrent bets (whole rounds), wins and transfers from many players,
// each request sent twice at once, through a ledger with group commit and one without
// sharing the same store. Money must be conserved to the unit, no balance may go
// negative, and no request may be applied twice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { accountId } from '../../src/ledger/money.ts';
import { PitbossError } from '../../src/errors.ts';

const PLAYERS = 60;
const OPS = 1000;
const START = 2_000;

type Op =
  | { kind: 'bet'; player: number; amount: number; win: boolean }
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'withdraw'; player: number; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('bet' as const), player: fc.nat(PLAYERS - 1), amount: fc.integer({ min: 1, max: 700 }), win: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: fc.nat(PLAYERS - 1), to: fc.nat(PLAYERS - 1), amount: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), player: fc.nat(PLAYERS - 1), amount: fc.integer({ min: 1, max: 500 }) }) },
);

describe('Ledger under concurrency', () => {
  forEachStore((ctx) => {
    it(`${OPS} operations from ${PLAYERS} players, each sent twice: conserved, never negative, applied once`, { timeout: 240_000 }, async () => {
      const plain = new Ledger(ctx.store, { nodeId: 'cc' });
      const grouped = new Ledger(ctx.store, { nodeId: 'cc', groupCommit: { maxBatch: 32 } });
      const player = (i: number) => `cc-p${i}`;
      await Promise.all(Array.from({ length: PLAYERS }, (_, i) => plain.wallet.deposit({ player: player(i), currency: 'EUR', amount: START, key: `cc-dep-${i}` })));
      const ops = fc.sample(opArb, { numRuns: OPS, seed: 42 });

      const twice = async <T>(send: (l: Ledger) => Promise<T>): Promise<PromiseSettledResult<T>[]> =>
        Promise.allSettled([send(plain), send(grouped)]);
      const refusedOk = (r: PromiseSettledResult<unknown>) =>
        r.status === 'fulfilled' || (r.reason instanceof PitbossError && r.reason.reason === 'insufficient_funds');

      let rounds = 0;
      const results = await Promise.all(ops.map(async (op, i): Promise<{ keys: string[]; refused: number }> => {
        if (op.kind === 'bet') {
          const roundId = `cc-r${i}`;
          const open = await twice((l) => l.rounds.open({ roundId, game: 'test-dice', tableId: `cc-t${i % 7}`, rulesVersion: 'dice-1', currency: 'EUR',
            seeds: { serverSeed: `s${i}`, clientSeed: 'c', nonce: i }, stakes: [{ player: player(op.player), amount: op.amount, bet: { pick: 'high' } }] }));
          assert.ok(open.every(refusedOk), String(open.map((r) => r.status === 'rejected' && r.reason)));
          if (open.every((r) => r.status === 'rejected')) return { keys: [], refused: 1 };
          // A refused copy does not consume the key, so its twin may still succeed later; at most one applies.
          assert.equal(open.filter((r) => r.status === 'fulfilled' && !r.value.replayed).length, 1, 'the round was opened once');
          const o = { outcome: { win: op.win }, payouts: { [player(op.player)]: op.win ? op.amount * 2 : 0 } };
          const settled = await twice((l) => l.rounds.settle(roundId, o));
          const [a, b] = settled.map((s) => (s.status === 'fulfilled' ? s.value : assert.fail(String(s.reason))));
          assert.equal([a, b].filter((x) => x.replayed).length, 1, 'exactly one copy settled the round');
          assert.deepEqual(a.results, b.results);
          rounds++;
          return { keys: [`round:${roundId}:stake`, `round:${roundId}:settle`], refused: 0 };
        }
        const key = `cc-op${i}`;
        const send = op.kind === 'withdraw'
          ? (l: Ledger) => l.wallet.withdraw({ player: player(op.player), currency: 'EUR', amount: op.amount, key })
          : (l: Ledger) => l.wallet.transfer({ key, kind: 'transfer', currency: 'EUR',
            entries: op.from === op.to
              ? [{ account: accountId('player', player(op.from), 'EUR'), amount: -op.amount }, { account: accountId('house', 'house', 'EUR'), amount: op.amount }]
              : [{ account: accountId('player', player(op.from), 'EUR'), amount: -op.amount }, { account: accountId('player', player(op.to), 'EUR'), amount: op.amount }] });
        const r = await twice(send);
        assert.ok(r.every(refusedOk));
        if (r.every((x) => x.status === 'rejected')) return { keys: [], refused: 1 };
        const ok = r.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
        assert.equal(ok.filter((x) => !x.replayed).length, 1, 'applied once; the twin got the first result back');
        assert.equal(new Set(ok.map((x) => x.txId)).size, 1);
        return { keys: [key], refused: 0 };
      }));

      const applied = new Set(results.flatMap((r) => r.keys));
      const [{ n }] = await ctx.store.query<{ n: number }>("SELECT count(*)::bigint AS n FROM ledger_transactions WHERE idem_key LIKE 'cc-op%' OR idem_key LIKE 'round:cc-r%'");
      assert.equal(n, applied.size, 'each applied request is in the ledger exactly once');
      assert.ok(rounds > OPS / 4, `rounds played: ${rounds}`);

      const check = await plain.check();
      assert.equal(check.ok, true, JSON.stringify(check));
      assert.equal(check.open_rounds, 0);
      // Conservation in the real world's terms: what is inside equals what came in minus what went out.
      const [inside] = await ctx.store.query<{ s: number }>("SELECT coalesce(sum(balance), 0)::bigint AS s FROM accounts WHERE kind <> 'external'");
      const [outside] = await ctx.store.query<{ s: number }>("SELECT coalesce(sum(balance), 0)::bigint AS s FROM accounts WHERE kind = 'external'");
      assert.equal(inside.s, -outside.s);
      const [escrow] = await ctx.store.query<{ s: number }>("SELECT coalesce(sum(balance), 0)::bigint AS s FROM accounts WHERE kind = 'escrow' AND owner LIKE 'cc-%'");
      assert.equal(escrow.s, 0, 'every settled round emptied its escrow');
      const [neg] = await ctx.store.query<{ n: number }>("SELECT count(*)::bigint AS n FROM accounts WHERE kind = 'player' AND balance < 0");
      assert.equal(neg.n, 0);
    });
  }, { poolSize: 12 });
});
