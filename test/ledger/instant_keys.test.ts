// Keyed instant rounds: the action key is claimed and answered in the round's own write
// (ledger/rounds/instant.ts), on the batch path and on the step-by-step path alike.
//  - Property: spins sent at once, some reusing a key at another table (a retry that
//    landed elsewhere) or a key already pending or answered: each key plays at most one
//    round, every other use gets the first answer (or `pending`) with nothing moved; the
//    stored answer is the reply plus the balance the round left; refused stakes leave
//    their key free. Checked against the rows on both backends.
//  - An expired key is taken over (the batch hands any key with a row to the careful path).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BACKENDS, openTestStore, type TestStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import type { InstantResult, InstantRound } from '../../src/ledger/rounds/instant.ts';

const NODE = 'node-ikeys';

function unit(prefix: string, n: number, o: { player: string; table: string; stake: number; payout: number; key?: string }): InstantRound {
  return {
    roundId: `${prefix}-r${n}`, game: 'slots', tableId: `${prefix}-${o.table}`, rulesVersion: 'slots-1', currency: 'EUR',
    seeds: { serverSeed: `s-${prefix}-${n}`, clientSeed: 'c', nonce: n }, player: o.player, stake: o.stake, bet: { spin: o.stake },
    steps: [{ action: { n }, events: [] }], outcome: { n }, payout: o.payout,
    ...(o.key !== undefined ? { key: { key: o.key, reply: { round_id: `${prefix}-r${n}`, spin: n } } } : {}),
  };
}

type Answer = { ok: true; v: InstantResult } | { ok: false; reason: string };
const answer = (p: Promise<InstantResult>): Promise<Answer> =>
  p.then((v) => ({ ok: true as const, v }), (e: { reason?: string }) => ({ ok: false as const, reason: String(e.reason) }));

describe('Keyed instant rounds (the key in the round\'s own write)', () => {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      let db: TestStore;
      before(async () => {
        db = await openTestStore(backend);
      });
      after(async () => {
        await db?.close();
      });
      const tag = backend === 'postgres' ? 'pg' : 'pl';
      const keyRow = async (player: string, key: string) =>
        (await db.store.query<{ table_id: string; reply: unknown }>('SELECT table_id, reply FROM action_keys WHERE player_id = $1 AND key = $2', [player, key]))[0] ?? null;

      it('plays each key at most once across tables and batches; every other use gets the first answer and moves nothing', async () => {
        let run = 0;
        const seen = { taken: 0, refused: 0, played: 0 };
        await fc.assert(fc.asyncProperty(
          fc.array(fc.record({ player: fc.integer({ min: 0, max: 2 }), table: fc.integer({ min: 0, max: 3 }), key: fc.integer({ min: 0, max: 5 }), stake: fc.integer({ min: 1, max: 8 }).map((x) => x * 50), pay: fc.constantFrom(0, 0, 1, 3) }),
            { minLength: 1, maxLength: 40 }),
          fc.boolean(),
          async (specs, inFlight) => {
            const prefix = `${tag}k${run++}`;
            const l = new Ledger(db.store, { nodeId: NODE, commitQueue: { maxBatch: 8, maxInFlight: inFlight ? 4 : 1 } });
            const funds = [5_000, 800, 100];
            for (const [p, amount] of funds.entries()) await l.wallet.deposit({ player: `${prefix}-p${p}`, currency: 'EUR', amount, key: `${prefix}-d${p}` });
            // Key 5 of player 0 is pending before the run: held by an act that never answered.
            assert.deepEqual(await l.keys.claim(`${prefix}-p0`, 'k5', 'elsewhere'), { type: 'new' });
            const list = specs.map((s, n) => unit(prefix, n, { player: `${prefix}-p${s.player}`, table: `t${s.table}`, stake: s.stake, payout: s.stake * s.pay, key: `k${s.key}` }));
            const answers = await Promise.all(list.map((u) => answer(l.rounds.playInstant(u))));
            // Per (player, key): at most one round played, and it is the one the key's row answers.
            const byKey = new Map<string, number[]>();
            list.forEach((u, i) => {
              const k = `${u.player}/${u.key!.key}`;
              byKey.set(k, [...(byKey.get(k) ?? []), i]);
            });
            let moved = new Map<string, number>();
            for (const [k, idx] of byKey) {
              const [player, key] = k.split('/') as [string, string];
              const played = idx.filter((i) => answers[i]!.ok && (answers[i] as { v: InstantResult }).v.settle !== null);
              assert.ok(played.length <= 1, `key ${k} played ${played.length} rounds`);
              const row = await keyRow(player, key);
              if (player.endsWith('-p0') && key === 'k5') {
                assert.equal(played.length, 0, 'a pending key plays nothing');
                for (const i of idx) assert.deepEqual((answers[i] as { v: InstantResult }).v.taken, { type: 'pending', tableId: 'elsewhere' });
                seen.taken += idx.length;
                continue;
              }
              if (played.length === 0) {
                // Every use was refused (the wallet could not cover it): the key stays free.
                for (const i of idx) assert.deepEqual(answers[i], { ok: false, reason: 'insufficient_funds' });
                assert.equal(row, null, `refused key ${k} left a row`);
                seen.refused += idx.length;
                continue;
              }
              const i = played[0]!;
              const v = (answers[i] as { v: InstantResult }).v;
              const balance = v.settle!.results[0]!.balanceAfter;
              const stored = { status: 'ok', response: { ...list[i]!.key!.reply, balance } };
              assert.deepEqual(row, { table_id: list[i]!.tableId, reply: stored });
              moved.set(player, (moved.get(player) ?? 0) + list[i]!.payout - list[i]!.stake);
              seen.played++;
              for (const j of idx) {
                if (j === i) continue;
                const a = answers[j]!;
                // Before the winner committed, a use may still have been refused for funds; after, it gets the answer.
                if (!a.ok) {
                  assert.equal(a.reason, 'insufficient_funds');
                  continue;
                }
                assert.equal(a.v.settle, null, 'a second use moved money');
                // With batches in flight at once, a use whose claim met the winner's still
                // uncommitted row hears key_pending (still running), as ActionKeys answers.
                if (inFlight && a.v.taken?.type === 'pending' && a.v.taken.tableId === null) continue;
                assert.deepEqual(a.v.taken, { type: 'answered', tableId: list[i]!.tableId, reply: stored });
                seen.taken++;
              }
            }
            // Balances: start plus the played rounds' net, nothing for the rest.
            for (const [p, amount] of funds.entries()) {
              assert.equal(await l.wallet.playerBalance(`${prefix}-p${p}`, 'EUR'), amount + (moved.get(`${prefix}-p${p}`) ?? 0));
            }
            const [{ n }] = await db.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM rounds WHERE id LIKE $1`, [`${prefix}-%`]);
            const played = answers.filter((a) => a.ok && a.v.settle !== null).length;
            assert.equal(n, played, 'one round row per played spin');
            moved = new Map();
          }), { numRuns: backend === 'postgres' ? 25 : 15 });
        assert.ok(seen.taken > 0 && seen.refused > 0 && seen.played > 0, `the runs met every case: ${JSON.stringify(seen)}`);
      });

      it('answers a key within its time and takes it over once it expired', async () => {
        let now = new Date('2026-01-01T00:00:00Z');
        const l = new Ledger(db.store, { nodeId: NODE, now: () => now, keys: { ttlMs: 60_000 } });
        const prefix = `${tag}x`;
        await l.wallet.deposit({ player: `${prefix}-p`, currency: 'EUR', amount: 1_000, key: `${prefix}-d` });
        const first = await l.rounds.playInstant(unit(prefix, 1, { player: `${prefix}-p`, table: 'a', stake: 100, payout: 0, key: 'old' }));
        assert.notEqual(first.settle, null);
        const again = await l.rounds.playInstant(unit(prefix, 2, { player: `${prefix}-p`, table: 'b', stake: 100, payout: 0, key: 'old' }));
        assert.equal(again.taken?.type, 'answered', 'within its time the key answers');
        now = new Date(now.getTime() + 61_000);
        const late = await l.rounds.playInstant(unit(prefix, 3, { player: `${prefix}-p`, table: 'b', stake: 100, payout: 0, key: 'old' }));
        assert.notEqual(late.settle, null, 'an expired key is free again');
        assert.deepEqual((await keyRow(`${prefix}-p`, 'old'))?.table_id, `${prefix}-b`);
        assert.equal(await l.wallet.playerBalance(`${prefix}-p`, 'EUR'), 800);
      });
    });
  }
});
