// Instant rounds through the one commit queue and the one posting path.
//  - Against an exact oracle: random sequences of spins (refusals, replayed round ids,
//    invalid ones, large wins, a capped pool that overflows) sent at once, with plain
//    writes (deposits, a refused withdrawal, a key sent twice) in the same batches when
//    every write shares commits. The oracle plays the spins one by one in order: every
//    answer, every account (balance = start + payouts − accepted stakes, and for the house
//    and the pools what they took), which rounds and ledger transactions exist (a refused
//    stake left none, moved nothing, created no account), and the sum of all balances is 0.
//  - Round rows: the batch writes the round's rows itself (set-based) and hands jackpot
//    hits and replays to the step-by-step path, so the two must leave the same rows; that
//    is compared with must-hit-by pools (secret hit points drawn alike from a seeded source).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BACKENDS, openTestStore, type TestStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { playInstantTx, type InstantRound } from '../../src/ledger/rounds/instant.ts';
import { hashServerSeed } from '../../src/games/rng/fair.ts';
import type { Store, Tx } from '../../src/store/types.ts';
import { playInstantBatchTx } from '../../src/ledger/rounds/instant.ts';
import { fixedHitPoints, seededHitPoints } from './hit_points.ts';

const NODE = 'node-instant';
const LARGE_WIN = 20_000;
const FUNDS = [100_000, 50_000, 20_000, 700]; // p3 is nearly broke, so refusals happen mid-batch
const CAP = { contributionBps: 2500, ceiling: 1000 }; // overflows after a few spins

type Pool = 'none' | 'CAP' | 'HIT' | 'LOW';
interface UnitSpec { player: number; stake: number; pay: number; pool: Pool; repeat: number | null; invalid: boolean }

const unitSpec = (pools: Pool[]) => fc.record({
  player: fc.integer({ min: 0, max: 3 }),
  stake: fc.integer({ min: 1, max: 40 }).map((x) => x * 50),
  pay: fc.constantFrom(0, 0, 0, 0.5, 1, 2, 5, 20),
  pool: fc.constantFrom(...pools),
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
  for (const [p, amount] of FUNDS.entries()) {
    await l.wallet.deposit({ player: `${prefix}-p${p}`, currency: 'EUR', amount, key: `${prefix}-dep-${p}` });
  }
  // CAP fills up and overflows inside batches; HIT and LOW reach their secret hit points, which hands the rest of a
  // batch to the step-by-step path (LOW's narrow range makes that happen every few spins, at a new point each cycle).
  await l.jackpots.create({ id: `${prefix}-CAP`, currency: 'EUR', seed: 0, ...CAP });
  await l.jackpots.create({ id: `${prefix}-HIT`, currency: 'EUR', contributionBps: 2000, seed: 1000, mustHitBy: 3500 });
  await l.jackpots.create({ id: `${prefix}-LOW`, currency: 'EUR', contributionBps: 1000, seed: 0, mustHitBy: 300 });
}

type Answer = { ok: true; value: unknown } | { ok: false; reason: string };
const answer = (p: Promise<unknown>): Promise<Answer> =>
  p.then((value) => ({ ok: true as const, value }), (e: unknown) => ({ ok: false as const, reason: String((e as { reason?: string }).reason ?? e) }));

/** The spins played one by one, in order, on paper. Accounts appear with their first non-zero entry, as in the ledger. */
function oracle(prefix: string, list: InstantRound[]) {
  const acc = new Map<string, number>();
  const move = (id: string, n: number) => {
    if (n !== 0) acc.set(`${id}:EUR`, (acc.get(`${id}:EUR`) ?? 0) + n);
  };
  FUNDS.forEach((n, p) => move(`player:${prefix}-p${p}`, n));
  move(`jackpot:${prefix}-HIT`, 1000); // HIT's seed (setup); LOW and CAP start empty
  const settled = new Set<string>();
  const answers: Answer[] = list.map((r) => {
    if (r.stake === 0) return { ok: false, reason: 'invalid_payload' };
    const serverSeedHash = hashServerSeed(r.seeds.serverSeed);
    if (settled.has(r.roundId)) return { ok: true, value: { serverSeedHash, replayed: true, settle: null } };
    const wallet = `player:${r.player}`;
    const before = acc.get(`${wallet}:EUR`) ?? 0;
    if (before < r.stake) return { ok: false, reason: 'insufficient_funds' };
    settled.add(r.roundId);
    let contribution = 0;
    if (r.jackpotPool) {
      contribution = Math.floor((r.stake * CAP.contributionBps) / 10_000);
      const room = Math.max(0, Math.min(contribution, CAP.ceiling - (acc.get(`jackpot:${r.jackpotPool}:EUR`) ?? 0)));
      move(`jackpot:${r.jackpotPool}`, room);
      move(`jackpot:${r.jackpotPool}.overflow`, contribution - room);
    }
    move(wallet, r.payout - r.stake);
    move(`escrow:${r.tableId}`, r.stake); // in with the stake, out with the settlement: created, left at 0
    move(`escrow:${r.tableId}`, -r.stake);
    move(`house:${r.tableId}`, r.stake - r.payout - contribution);
    const result = { player: r.player, stake: r.stake, payout: r.payout, balanceBefore: before, balanceAfter: before - r.stake + r.payout };
    return { ok: true, value: { serverSeedHash, replayed: false, settle: { roundId: r.roundId, resolution: 'normal', results: [result], jackpot: null, replayed: false } } };
  });
  return { answers, accounts: [...acc].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, balance]) => ({ id, balance })), settled };
}

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

describe('Instant rounds (one queue, one posting path)', () => {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      // The row comparison needs two stores with the same history (the house's balance shows in every seed entry).
      let db: TestStore;
      let ref: TestStore;
      let bat: TestStore;
      before(async () => {
        [db, ref, bat] = await Promise.all([openTestStore(backend), openTestStore(backend), openTestStore(backend)]);
      });
      after(async () => {
        await Promise.all([db?.close(), ref?.close(), bat?.close()]);
      });
      const tag = backend === 'postgres' ? 'pg' : 'pl';

      it('settles spins sent at once exactly as one by one on paper: answers, balances, refusals that moved nothing', async () => {
        let run = 0;
        const seen = { refused: 0, replayed: 0, overflow: 0, batched: 0, mixed: 0 };
        await fc.assert(fc.asyncProperty(fc.array(unitSpec(['none', 'none', 'CAP']), { minLength: 1, maxLength: 80, size: 'max' }),
          async (specs) => {
            const grouped = run % 2 === 1; // every other run, plain writes share the spins' commits
            const prefix = `${tag}o${run++}`;
            const queue = { maxBatch: 16, maxInFlight: 1 };
            const l = new Ledger(db.store, { nodeId: NODE, largeWin: LARGE_WIN, ...(grouped ? { groupCommit: queue } : { commitQueue: queue }) });
            await setup(l, prefix);
            const list = units(prefix, specs);
            const want = oracle(prefix, list);
            const batches = l.commits.stats.batches;
            // Plain writes between the spins: when every write shares commits they land in the spins' batches.
            const dep = (k: number) => l.wallet.deposit({ player: `${prefix}-by`, currency: 'EUR', amount: 10 + k, key: `${prefix}-by-${k}` });
            const plain = [dep(1), dep(1), l.wallet.withdraw({ player: `${prefix}-broke`, currency: 'EUR', amount: 5, key: `${prefix}-broke` }), dep(2)].map(answer);
            const spins = list.map((u, k) => answer(l.rounds.playInstant(u).then(async (v) => {
              // Told only after the commit: the round is there to read the moment its caller hears.
              if (!v.replayed) assert.equal((await l.rounds.get(u.roundId))?.status, 'settled', `round ${k}`);
              return v;
            })));
            assert.deepEqual(await Promise.all(spins), want.answers);
            const [d1, d1again, broke, d2] = await Promise.all(plain);
            assert.ok(d1.ok && d1again.ok && d2.ok && !broke.ok && broke.reason === 'insufficient_funds');
            // The key sent twice moved money once, and both callers got the same transaction.
            const [a, b] = [d1.value, d1again.value] as Array<{ txId: number; replayed: boolean }>;
            assert.equal(a.txId, b.txId);
            assert.deepEqual([a.replayed, b.replayed].sort(), [false, true]);
            assert.deepEqual(await db.store.query('SELECT id, balance FROM accounts WHERE owner LIKE $1 ORDER BY id', [`${prefix}-%`]),
              [...want.accounts, { id: `player:${prefix}-by:EUR`, balance: 11 + 12 }].sort((x, y) => (x.id < y.id ? -1 : 1)));
            // A round exists, with its two ledger transactions, exactly when its stake was taken.
            const rounds = await db.store.query<{ id: string; txs: number }>(
              `SELECT r.id, (SELECT count(*) FROM ledger_transactions t WHERE t.round_id = r.id)::int AS txs FROM rounds r WHERE r.id LIKE $1 ORDER BY r.id`, [`${prefix}-%`]);
            assert.deepEqual(rounds, [...want.settled].sort().map((id) => ({ id, txs: 2 })));
            const [{ n }] = await db.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_transactions WHERE round_id LIKE $1`, [`${prefix}-%`]);
            assert.equal(n, 2 * want.settled.size);
            // It did batch: fewer commits than spins whenever there were a few.
            const commits = l.commits.stats.batches - batches;
            if (list.length > 4) assert.ok(commits < list.length, JSON.stringify(l.commits.stats));
            seen.refused += want.answers.filter((x) => !x.ok && x.reason === 'insufficient_funds').length;
            seen.replayed += want.answers.filter((x) => x.ok && (x.value as { replayed: boolean }).replayed).length;
            seen.overflow += want.accounts.filter((x) => x.id.includes('.overflow')).length;
            seen.batched += l.commits.stats.units;
            if (grouped) seen.mixed++;
          }), { numRuns: backend === 'postgres' ? 8 : 12, endOnFailure: true });
        assert.ok(seen.refused > 0 && seen.replayed > 0 && seen.overflow > 0 && seen.batched > 0 && seen.mixed > 0, JSON.stringify(seen));
        // Conservation over every account of every run: the sum of all balances is zero, each cached balance is its entries' sum.
        const check = await new Ledger(db.store).check();
        assert.equal(check.ok, true, JSON.stringify(check));
        assert.equal(check.sum, 0);
      });

      it('writes a batch\'s rows as the step-by-step path writes them, jackpot hits and replays handed to it in order', async () => {
        let run = 0;
        const seen = { awards: 0, overflow: 0, batched: 0, belowTop: 0 };
        await fc.assert(fc.asyncProperty(fc.array(unitSpec(['none', 'CAP', 'HIT', 'LOW']), { minLength: 1, maxLength: 80, size: 'max' }), async (specs) => {
          const prefix = `${tag}s${run++}`;
          const hitPoints = seededHitPoints(prefix);
          const a = new Ledger(ref.store, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints });
          const b = new Ledger(bat.store, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints, commitQueue: { maxBatch: 16, maxInFlight: 1 } });
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
          if (list.length > 2) assert.ok(b.commits.stats.batches < list.length, JSON.stringify(b.commits.stats));
          seen.batched += b.commits.stats.units;
        }), { numRuns: backend === 'postgres' ? 8 : 12, endOnFailure: true });
        assert.ok(seen.awards > 0 && seen.overflow > 0 && seen.batched > 0 && seen.belowTop > 0, JSON.stringify(seen));
      });

      it('with several batches in flight at once, every answer agrees with the rows, no balance goes below zero and money is conserved', async () => {
        // On PostgreSQL batches of the one writer overlap (writerInFlight): which of two
        // concurrent spins commits first is the database's choice, so this checks what must
        // hold in any order rather than one order's answers.
        let run = 0;
        const seen = { overlapped: 0, settled: 0, refused: 0, awards: 0 };
        await fc.assert(fc.asyncProperty(fc.array(unitSpec(['none', 'CAP', 'HIT', 'LOW']), { minLength: 1, maxLength: 80, size: 'max' }), async (specs) => {
          const prefix = `${tag}c${run++}`;
          const l = new Ledger(db.store, { nodeId: NODE, largeWin: LARGE_WIN, hitPoints: seededHitPoints(prefix),
            commitQueue: { maxBatch: 6, maxInFlight: 4, writerInFlight: 4, lingerMs: 0 } });
          await setup(l, prefix);
          const list = units(prefix, specs);
          const overlapped = l.commits.stats.overlapped;
          const got = await Promise.all(list.map((u) => answer(l.rounds.playInstant(u))));
          seen.overlapped += l.commits.stats.overlapped - overlapped;
          const q = <R>(sql: string) => db.store.query<R & Record<string, unknown>>(sql, [`${prefix}-%`]);
          const rounds = new Map((await q<{ id: string; status: string; txs: number }>(
            `SELECT r.id, r.status, (SELECT count(*) FROM ledger_transactions t WHERE t.round_id = r.id)::int AS txs FROM rounds r WHERE r.id LIKE $1`)).map((r) => [r.id, r]));
          const results = new Map((await q<{ round_id: string; stake: number; payout: number; balance_before: number; balance_after: number }>(
            'SELECT * FROM round_results WHERE round_id LIKE $1')).map((r) => [r.round_id, r]));
          const answeredOk = new Set<string>();
          got.forEach((a, k) => {
            const u = list[k];
            if (!a.ok) {
              assert.ok(['insufficient_funds', 'invalid_payload'].includes(a.reason), a.reason);
              seen.refused++;
              return;
            }
            const v = a.value as { replayed: boolean; settle: { results: Array<{ stake: number; payout: number; balanceBefore: number; balanceAfter: number }> } | null };
            assert.equal(rounds.get(u.roundId)?.status, 'settled', u.roundId);
            if (v.replayed) return;
            assert.ok(!answeredOk.has(u.roundId), `${u.roundId} settled twice`);
            answeredOk.add(u.roundId);
            const [x] = v.settle!.results;
            const row = results.get(u.roundId)!;
            assert.deepEqual([row.stake, row.payout, row.balance_before, row.balance_after], [x.stake, x.payout, x.balanceBefore, x.balanceAfter]);
          });
          // A round exists exactly when one answer settled it, with its stake and settlement.
          assert.deepEqual([...rounds.keys()].sort(), [...answeredOk].sort());
          // Each player's balance is where its settled rounds and jackpot awards took it.
          const awards = await q<{ player_id: string; round_id: string; amount: number }>('SELECT player_id, round_id, amount FROM jackpot_awards WHERE pool_id LIKE $1');
          const awarded = new Set(awards.map((a) => a.round_id));
          for (const r of rounds.values()) assert.equal(r.txs, awarded.has(r.id) ? 3 : 2, r.id);
          seen.settled += answeredOk.size;
          seen.awards += awards.length;
          for (const [p, funds] of FUNDS.entries()) {
            const player = `${prefix}-p${p}`;
            const mine = [...results.entries()].filter(([id]) => list.find((u) => u.roundId === id)!.player === player).map(([, r]) => r);
            const won = awards.filter((a) => a.player_id === player).reduce((s, a) => s + a.amount, 0);
            assert.equal(await l.wallet.playerBalance(player, 'EUR'), funds + mine.reduce((s, r) => s + r.payout - r.stake, 0) + won, player);
          }
          const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM accounts WHERE owner LIKE $1 AND balance < 0 AND NOT overdraft');
          assert.equal(n, 0);
        }), { numRuns: backend === 'postgres' ? 8 : 6, endOnFailure: true });
        assert.ok(seen.overlapped > 0 && seen.settled > 0 && seen.refused > 0 && seen.awards > 0, JSON.stringify(seen));
        const check = await new Ledger(db.store).check();
        assert.equal(check.ok, true, JSON.stringify(check));
        assert.equal(check.sum, 0);
      });

      // Concurrent connections only: PGlite runs one transaction at a time.
      if (backend === 'postgres') it('writes a batch\'s round rows again when a spin committed meanwhile moves the hit point into it', async () => {
        // The batch writes its round rows from a plan made with the pool read unlocked, then
        // plans again under the pool's lock. Here another connection's spin commits in
        // between and brings the pool to 15 below its hit point: the second plan stops at
        // the batch's second spin (its stake reaches the point: the award is the step path's),
        // so the rows are rolled back to the savepoint and written for the first spin only.
        // Every row must be what the spins played one by one, interloper first, would leave.
        const prefix = `${tag}m`;
        // FIX hits at 1000. One source per ledger: a source numbers its salts, and the two must draw alike.
        const context = () => ({ nodeId: NODE, largeWin: LARGE_WIN, hitPoints: fixedHitPoints((lo, hi) => Math.max(lo, Math.min(1000, hi))) });
        const refCtx = context();
        const ctx = context();
        const a = new Ledger(ref.store, refCtx);
        const b = new Ledger(bat.store, ctx);
        for (const l of [a, b]) {
          await setup(l, prefix);
          await l.jackpots.create({ id: `${prefix}-FIX`, currency: 'EUR', contributionBps: 1000, seed: 0, mustHitBy: 5000 });
        }
        const spin = (n: number, player: number, stake: number): InstantRound => ({
          roundId: `${prefix}-r${n}`, game: 'slots', tableId: `${prefix}-t${n}`, rulesVersion: 'slots-1', currency: 'EUR',
          seeds: { serverSeed: `seed-${prefix}-${n}`, clientSeed: 'c', nonce: n }, jackpotPool: `${prefix}-FIX`,
          player: `${prefix}-p${player}`, stake, bet: { spin: stake }, steps: [{ action: { n }, events: [] }], outcome: { n }, payout: n === 2 ? 300 : 0,
        });
        const interloper = spin(0, 0, 9850); // contributes 985: the meter stops 15 below the point
        const batch = [1, 2, 3, 4].map((n) => spin(n, 1 + (n % 3), 100)); // 10 each
        const expected: Answer[] = [];
        for (const u of [interloper, ...batch]) expected.push(await answer(ref.store.transaction((tx) => playInstantTx(tx, refCtx, u))));

        const seen: string[] = [];
        let interloped = false;
        // Statements go on in the order they were sent (the batch sends some together); the
        // pool's lock waits until the interloper has committed.
        let chain: Promise<unknown> = Promise.resolve();
        const watching = (tx: Tx): Tx => ({
          exec: (sql) => tx.exec(sql),
          query(sql, params) {
            seen.push(sql.trim().split(/\s+/).slice(0, 4).join(' '));
            const run = chain.then(async () => {
              if (!interloped && /FROM jackpot_pools .*FOR UPDATE/s.test(sql)) {
                interloped = true;
                got.push(await answer(bat.store.transaction((t2) => playInstantTx(t2, ctx, interloper))));
              }
              return tx.query(sql, params);
            });
            chain = run.catch(() => {});
            return run;
          },
        } as Tx);
        const got: Answer[] = [];
        const outcomes = await bat.store.transaction((tx) => playInstantBatchTx(watching(tx), ctx, batch), { retries: 0 });
        assert.ok(seen.includes('ROLLBACK TO SAVEPOINT instant_rows'), 'the rows were written again for the second plan');
        assert.deepEqual(outcomes.map((o) => o.ok), [true, 'alone', 'alone', 'alone']);
        got.push({ ok: true, value: (outcomes[0] as { value: unknown }).value });
        // What the batch handed back goes alone, in order, as the commit queue does it.
        for (const u of batch.slice(1)) got.push(await answer(bat.store.transaction((tx) => playInstantTx(tx, ctx, u))));
        assert.deepEqual(got, expected);
        assert.deepEqual(await dump(bat.store, prefix), await dump(ref.store, prefix));
        const [award] = await bat.store.query<{ round_id: string }>('SELECT round_id FROM jackpot_awards WHERE pool_id = $1', [`${prefix}-FIX`]);
        assert.equal(award.round_id, batch[1].roundId, 'the spin that reached the point won, on the step-by-step path');
      });

      it('refuses a stake the player cannot cover with the usual error, without touching the rounds around it', async () => {
        const l = new Ledger(db.store, { nodeId: NODE, commitQueue: { maxInFlight: 1 } });
        await l.wallet.deposit({ player: 'ix-poor', currency: 'EUR', amount: 150, key: 'ix-poor-dep' });
        await l.wallet.deposit({ player: 'ix-rich', currency: 'EUR', amount: 10_000, key: 'ix-rich-dep' });
        const mk = (n: number, player: string, stake: number, payout: number): InstantRound => ({
          roundId: `ix-${n}`, game: 'slots', tableId: `ix-t-${player}`, rulesVersion: 'slots-1', currency: 'EUR',
          seeds: { serverSeed: `s${n}`, clientSeed: 'c', nonce: n }, player, stake, steps: [{ action: { n }, events: [] }], outcome: null, payout,
        });
        const batches = l.commits.stats.batches;
        const res = await Promise.allSettled([mk(1, 'ix-rich', 100, 0), mk(2, 'ix-poor', 100, 0), mk(3, 'ix-poor', 100, 300), mk(4, 'ix-rich', 100, 250)]
          .map((u) => l.rounds.playInstant(u)));
        assert.equal(l.commits.stats.batches - batches, 1, 'the four shared one commit');
        assert.deepEqual(res.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        const refusal = (res[2] as PromiseRejectedResult).reason as { reason: string; details: unknown };
        assert.equal(refusal.reason, 'insufficient_funds');
        assert.deepEqual(refusal.details, { account: 'player:ix-poor:EUR', balance: 50, amount: 100 });
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
