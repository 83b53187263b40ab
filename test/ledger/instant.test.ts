// Instant rounds: the batched, set-based writer must leave exactly the rows that the
// step-by-step path (open → journal → settle, one round per transaction, in order)
// leaves, and answer every caller the same — for random sequences with refusals,
// replayed round ids, large wins, a ceiling and must-hit-by jackpots (with secret hit
// points, drawn alike in both ledgers from a seeded source) in the middle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BACKENDS, openTestStore, type TestStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { playInstantTx, type InstantRound } from '../../src/ledger/rounds/instant.ts';
import type { Store } from '../../src/store/types.ts';
import { seededHitPoints } from './hit_points.ts';

const NODE = 'node-instant';
const LARGE_WIN = 20_000;

interface UnitSpec { player: number; stake: number; pay: number; pool: 'none' | 'CAP' | 'HIT' | 'LOW'; repeat: number | null; invalid: boolean }

const unitSpec = fc.record({
  player: fc.integer({ min: 0, max: 3 }),
  stake: fc.integer({ min: 1, max: 40 }).map((x) => x * 50),
  pay: fc.constantFrom(0, 0, 0, 0.5, 1, 2, 5, 20),
  pool: fc.constantFrom('none', 'CAP', 'HIT', 'LOW'),
  repeat: fc.tuple(fc.integer({ min: 0, max: 11 }), fc.nat()).map(([k, n]) => (k === 0 ? n : null)),
  invalid: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
}) as fc.Arbitrary<UnitSpec>;

function units(prefix: string, specs: UnitSpec[]): InstantRound[] {
  const out: InstantRound[] = [];
  specs.forEach((s, i) => {
    if (s.repeat !== null && out.length > 0) return void out.push(out[s.repeat % out.length]);
    out.push({
      roundId: `${prefix}-r${i}`, game: 'slots', tableId: `${prefix}-t${s.player % 2}`, rulesVersion: 'slots-1', currency: 'EUR',
      seeds: { serverSeed: `seed-${prefix}-${i}`, clientSeed: `${prefix}-t`, nonce: i, ...(i % 3 === 0 ? { reveal: 'never' as const } : {}) },
      ...(s.pool !== 'none' ? { jackpotPool: `${prefix}-${s.pool}` } : {}),
      player: `${prefix}-p${s.player}`, stake: s.invalid ? 0 : s.stake, bet: { spin: s.stake },
      steps: [{ action: { type: 'act', n: i }, events: [] }, { action: { type: 'continue' }, events: [{ type: 'spin', win: Math.floor(s.stake * s.pay) }] }],
      outcome: { window: [[i]] }, payout: Math.floor(s.stake * s.pay),
    });
  });
  return out;
}

async function setup(l: Ledger, prefix: string): Promise<void> {
  // p3 is nearly broke, so refusals happen mid-batch.
  for (const [p, amount] of [[0, 100_000], [1, 50_000], [2, 20_000], [3, 700]] as const) {
    await l.wallet.deposit({ player: `${prefix}-p${p}`, currency: 'EUR', amount, key: `${prefix}-dep-${p}` });
  }
  // CAP fills up and overflows inside batches; HIT and LOW reach their secret hit points, which hands the rest of a
  // batch to the step-by-step path (LOW's narrow range makes that happen every few spins, at a new point each cycle).
  await l.jackpots.create({ id: `${prefix}-CAP`, currency: 'EUR', contributionBps: 2500, seed: 0, ceiling: 2500 });
  await l.jackpots.create({ id: `${prefix}-HIT`, currency: 'EUR', contributionBps: 2000, seed: 1000, mustHitBy: 3500 });
  await l.jackpots.create({ id: `${prefix}-LOW`, currency: 'EUR', contributionBps: 1000, seed: 0, mustHitBy: 300 });
}

type Answer = { ok: true; value: unknown } | { ok: false; reason: string };
const answer = (p: Promise<unknown>): Promise<Answer> =>
  p.then((value) => ({ ok: true as const, value }), (e: unknown) => ({ ok: false as const, reason: String((e as { reason?: string }).reason ?? e) }));

/** Every row the rounds left, in a form that does not depend on ids or clocks. */
async function dump(store: Store, prefix: string): Promise<unknown> {
  const like = `${prefix}-%`;
  const q = (sql: string, params: unknown[] = [like]) => store.query(sql, params);
  return {
    rounds: await q(`SELECT id, game, table_id, rules_version, currency, node_id, server_seed_hash, server_seed, client_seed, nonce, seed_pair, seed_reveal, jackpot_pool, status, resolution, outcome
                     FROM rounds WHERE id LIKE $1 ORDER BY id`),
    stakes: await q('SELECT * FROM round_stakes WHERE round_id LIKE $1 ORDER BY round_id, player_id'),
    actions: await q('SELECT round_id, seq, action, events FROM round_actions WHERE round_id LIKE $1 ORDER BY round_id, seq'),
    outcomes: await q('SELECT round_id, outcome, payouts FROM round_outcomes WHERE round_id LIKE $1 ORDER BY round_id'),
    results: await q('SELECT * FROM round_results WHERE round_id LIKE $1 ORDER BY round_id, player_id'),
    txs: await q(`SELECT idem_key, request_hash, kind, currency, round_id, memo FROM ledger_transactions
                  WHERE idem_key LIKE 'round:' || $1 OR idem_key LIKE 'jackpot:' || $1 ORDER BY id`),
    entries: await q(`SELECT t.idem_key, e.account_id, e.amount, e.balance_after FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id
                      WHERE t.idem_key LIKE 'round:' || $1 OR t.idem_key LIKE 'jackpot:' || $1 ORDER BY e.id`),
    accounts: await q('SELECT id, balance FROM accounts WHERE owner LIKE $1 ORDER BY id'),
    pools: await q('SELECT id, cycle, hit_point, draw FROM jackpot_pools WHERE id LIKE $1 ORDER BY id'),
    draws: await q('SELECT pool_id, cycle, draw, lo, hi, hit_point, salt, commitment FROM jackpot_draws WHERE pool_id LIKE $1 ORDER BY pool_id, cycle, draw'),
    awards: await q('SELECT pool_id, cycle, player_id, round_id, amount, draw FROM jackpot_awards WHERE pool_id LIKE $1 ORDER BY pool_id, cycle'),
    audit: await q(`SELECT actor, action, subject, before, after FROM audit_log WHERE subject LIKE 'round:' || $1 OR subject LIKE 'jackpot:' || $1 ORDER BY seq`),
  };
}

// Over all runs: the interesting paths were taken (not asserted per run: a run is random).
const seen = { awards: 0, overflow: 0, batched: 0, belowTop: 0 };

describe('Instant rounds (batched, set-based)', () => {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      let ref: TestStore;
      let bat: TestStore;
      before(async () => {
        [ref, bat] = await Promise.all([openTestStore(backend), openTestStore(backend)]);
      });
      after(async () => {
        await Promise.all([ref?.close(), bat?.close()]);
      });

      it('leaves the same rows and answers as one transaction per round, in order', async () => {
        let run = 0;
        await fc.assert(fc.asyncProperty(fc.array(unitSpec, { minLength: 1, maxLength: 80, size: 'max' }), async (specs) => {
          const prefix = `${backend === 'postgres' ? 'pg' : 'pl'}${run++}`;
          const hitPoints = seededHitPoints(prefix);
          const a = new Ledger(ref.store, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints });
          const b = new Ledger(bat.store, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints, instant: { maxBatch: 16, maxInFlight: 1 } });
          await setup(a, prefix);
          await setup(b, prefix);
          const list = units(prefix, specs);
          const expected: Answer[] = [];
          for (const u of list) expected.push(await answer(ref.store.transaction((tx) => playInstantTx(tx, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints }, u))));
          const got = await Promise.all(list.map((u) => answer(b.rounds.playInstant(u))));
          assert.deepEqual(got, expected);
          const d = (await dump(bat.store, prefix)) as { awards: unknown[]; draws: Array<{ hit_point: number; hi: number }>; accounts: Array<{ id: string; balance: number }> };
          assert.deepEqual(d, await dump(ref.store, prefix));
          seen.awards += d.awards.length;
          seen.belowTop += d.draws.filter((x) => x.hit_point < x.hi).length;
          seen.overflow += d.accounts.filter((x) => x.id.includes('.overflow') && x.balance > 0).length;
          // It did batch: fewer transactions than rounds whenever there was more than one.
          if (list.length > 2) assert.ok(b.rounds.instant.stats.batches < list.length, JSON.stringify(b.rounds.instant.stats));
          seen.batched += b.rounds.instant.stats.rounds;
        }), { numRuns: backend === 'postgres' ? 8 : 12, endOnFailure: true });
        assert.ok(seen.awards > 0 && seen.overflow > 0 && seen.batched > 0 && seen.belowTop > 0, JSON.stringify(seen));
        const check = await new Ledger(bat.store).check();
        assert.equal(check.ok, true, JSON.stringify(check));
      });

      it('refuses a stake the player cannot cover without touching the rounds around it', async () => {
        const l = new Ledger(bat.store, { nodeId: NODE, instant: { maxInFlight: 1 } });
        await l.wallet.deposit({ player: 'ix-poor', currency: 'EUR', amount: 150, key: 'ix-poor-dep' });
        await l.wallet.deposit({ player: 'ix-rich', currency: 'EUR', amount: 10_000, key: 'ix-rich-dep' });
        const mk = (n: number, player: string, stake: number, payout: number): InstantRound => ({
          roundId: `ix-${n}`, game: 'slots', tableId: `ix-t-${player}`, rulesVersion: 'slots-1', currency: 'EUR',
          seeds: { serverSeed: `s${n}`, clientSeed: 'c', nonce: n }, player, stake, steps: [{ action: { n }, events: [] }], outcome: null, payout,
        });
        const res = await Promise.all([mk(1, 'ix-rich', 100, 0), mk(2, 'ix-poor', 100, 0), mk(3, 'ix-poor', 100, 300), mk(4, 'ix-rich', 100, 250)]
          .map((u) => answer(l.rounds.playInstant(u))));
        assert.deepEqual(res.map((r) => r.ok), [true, true, false, true]);
        assert.equal((res[2] as { reason: string }).reason, 'insufficient_funds');
        assert.equal(await l.wallet.playerBalance('ix-poor', 'EUR'), 50);
        assert.equal(await l.wallet.playerBalance('ix-rich', 'EUR'), 10_000 - 200 + 250);
        assert.equal(await l.rounds.get('ix-3'), null);
        const j = (await l.rounds.get('ix-4'))!;
        assert.equal(j.status, 'settled');
        assert.equal(j.serverSeed, 's4');
        assert.deepEqual(j.results, [{ player: 'ix-rich', stake: 100, payout: 250, balanceBefore: 9_900, balanceAfter: 10_050 }]);
      });
    });
  }
});
