// Seed pairs on both backends: nonces exactly 0, 1, 2, … per pair however rounds of one
// player interleave, fail or restart; rotation reveals the retired seed and refuses with
// a round open; a pair rotated meanwhile records no round; and each reveal rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { SeedPairs } from '../../src/ledger/seed_pairs.ts';
import { hashServerSeed } from '../../src/games/rng/fair.ts';
import { PitbossError } from '../../src/errors.ts';
import type { SeedReveal } from '../../src/ledger/index.ts';

let n = 0;
const uid = (tag: string) => `${tag}${++n}_${Math.random().toString(36).slice(2, 8)}`;

describe('Seed pairs', () => {
  forEachStore((ctx) => {
    const ledger = () => new Ledger(ctx.store, { nodeId: 'sp' });
    const fund = async (l: Ledger, player: string, amount: number) => l.wallet.deposit({ player, currency: 'EUR', amount, key: uid('dep') });
    /** Opens a round of `player` under its pair, as a table does: draw, then the stake's write. */
    const play = async (l: Ledger, player: string, stake: number, reveal: SeedReveal = 'retired') => {
      const seeds = { ...(await l.seeds.draw(`player:${player}`, { fresh: false })), reveal };
      const roundId = uid('r');
      const opened = await l.rounds.open({ roundId, game: 'dice', tableId: 't-sp', rulesVersion: 'v1', currency: 'EUR', seeds, stakes: [{ player, amount: stake }] })
        .then(() => true, (err: unknown) => {
          if (!(err instanceof PitbossError)) throw err;
          return false;
        });
      return { roundId, seeds, opened };
    };
    const nonces = async (l: Ledger, player: string) => {
      const [p] = await l.store.query<{ id: string }>('SELECT id FROM seed_pairs WHERE owner = $1 AND retired_at IS NULL', [`player:${player}`]);
      return (await l.store.query<{ nonce: number }>('SELECT nonce FROM rounds WHERE seed_pair = $1 ORDER BY nonce', [p!.id])).map((r) => r.nonce);
    };

    it('counts every recorded round of a pair 0, 1, 2, … however they interleave and whichever are refused', async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.record({ stake: fc.integer({ min: 1, max: 60 }), tables: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 8 }), async (waves) => {
        const l = ledger();
        const player = uid('p');
        await fund(l, player, 150);
        let recorded = 0;
        // Each wave: the player's tables start a round at the same time; those the wallet cannot cover are refused.
        for (const w of waves) {
          const rs = await Promise.all(Array.from({ length: w.tables }, () => play(l, player, w.stake)));
          recorded += rs.filter((r) => r.opened).length;
          for (const r of rs.filter((x) => x.opened)) await l.rounds.settle(r.roundId, { outcome: null, payouts: { [player]: 0 } });
        }
        assert.deepEqual(await nonces(l, player), Array.from({ length: recorded }, (_, i) => i));
        assert.equal((await l.seeds.info(`player:${player}`)).nonce, recorded);
        // A restart (a new ledger on the same store) counts on from the rounds recorded.
        assert.equal((await ledger().seeds.info(`player:${player}`)).nonce, recorded);
      }), { numRuns: 6 });
    });

    it('rotates: refused while a round of the pair is open; then reveals the retired seed, which hashes to what was published', async () => {
      const l = ledger();
      const player = uid('p');
      await fund(l, player, 1000);
      const before = await l.seeds.info(`player:${player}`);
      assert.deepEqual([before.nonce, before.clientSeed.length], [0, 32]);
      const a = await play(l, player, 10);
      await assert.rejects(l.seeds.rotate(`player:${player}`, 'mine'), (e: PitbossError) => e.reason === 'invalid_action');
      assert.equal((await l.rounds.get(a.roundId))!.serverSeed, null);
      await l.rounds.settle(a.roundId, { outcome: null, payouts: { [player]: 0 } });
      assert.equal((await l.rounds.get(a.roundId))!.serverSeed, null, 'settled, but the pair still draws');
      assert.deepEqual((await l.rounds.recent(player, 1))[0]!.serverSeed, null);
      const r = await l.seeds.rotate(`player:${player}`, 'mine');
      assert.equal(hashServerSeed(r.retired.serverSeed!), before.serverSeedHash);
      assert.deepEqual([r.retired.clientSeed, r.retired.rounds], [before.clientSeed, 1]);
      assert.deepEqual([r.current.clientSeed, r.current.nonce], ['mine', 0]);
      assert.notEqual(r.current.serverSeedHash, before.serverSeedHash);
      // Now the player may read it in recall; the new pair starts at 0.
      assert.equal((await l.rounds.get(a.roundId))!.serverSeed, r.retired.serverSeed);
      assert.equal((await l.rounds.recent(player, 1))[0]!.serverSeed, r.retired.serverSeed);
      const b = await play(l, player, 10);
      assert.deepEqual([b.seeds.nonce, b.seeds.clientSeed], [0, 'mine']);
      await l.rounds.settle(b.roundId, { outcome: null, payouts: { [player]: 0 } });
      assert.deepEqual((await l.seeds.rotate(`player:${player}`)).current.clientSeed, 'mine', 'a plain rotation keeps the client seed');
    });

    it('records no round under a pair another node rotated meanwhile', async () => {
      const here = ledger();
      const there = ledger();
      const player = uid('p');
      await fund(here, player, 1000);
      const draw = async () => ({ ...(await here.seeds.draw(`player:${player}`, { fresh: false })), reveal: 'retired' as const });
      const seeds = await draw();
      await there.seeds.rotate(`player:${player}`);
      await assert.rejects(
        here.rounds.open({ roundId: uid('r'), game: 'dice', tableId: 't', rulesVersion: 'v1', currency: 'EUR', seeds, stakes: [{ player, amount: 5 }] }),
        (e: PitbossError) => e.reason === 'round_closed');
      // The instant path refuses it as well (drawn again from the retired pair's row, as another node would).
      const stale = { ...seeds };
      await assert.rejects(here.rounds.playInstant({ roundId: uid('r'), game: 'dice', tableId: 't', rulesVersion: 'v1', currency: 'EUR', seeds: stale,
        player, stake: 5, steps: [{ action: {}, events: [] }], outcome: null, payout: 0 }), (e: PitbossError) => e.reason === 'round_closed');
      // The refusal let the cached pair go: the next draw is under the new pair.
      const next = await here.seeds.draw(`player:${player}`, { fresh: false });
      here.seeds.settle(next, false);
      assert.notEqual(next.pair, seeds.pair);
      assert.equal(next.nonce, 0);
    });

    it('shows a seed by its rule: a round of its own once settled, a hold\'em hand never', async () => {
      const l = ledger();
      const player = uid('p');
      await fund(l, player, 1000);
      for (const reveal of ['settled', 'never'] as const) {
        const seeds = { ...(await l.seeds.draw(`table:${uid('t')}`, { fresh: true })), reveal };
        const roundId = uid('r');
        await l.rounds.open({ roundId, game: 'dice', tableId: 't', rulesVersion: 'v1', currency: 'EUR', seeds, stakes: [{ player, amount: 5 }] });
        assert.equal((await l.rounds.get(roundId))!.serverSeed, null);
        await l.rounds.settle(roundId, { outcome: null, payouts: { [player]: 5 } });
        const shown = reveal === 'settled' ? seeds.serverSeed : null;
        assert.equal((await l.rounds.get(roundId))!.serverSeed, shown);
        assert.equal((await l.rounds.recent(player, 1))[0]!.serverSeed, shown);
        assert.equal((await l.store.query<{ s: string }>('SELECT seed_reveal AS s FROM rounds WHERE id = $1', [roundId]))[0]!.s, reveal);
        // Staff replay still reads it.
        assert.ok((await l.rounds.replay(roundId)) !== null);
      }
    });

    it("draws a table's rounds with a fresh server seed each, under the table's client seed, counted by its rounds", async () => {
      const l = ledger();
      const player = uid('p');
      await fund(l, player, 1000);
      const table = `table:${uid('t')}`;
      const seen: Array<{ serverSeed: string; clientSeed: string; nonce: number }> = [];
      for (let i = 0; i < 3; i++) {
        const seeds = { ...(await l.seeds.draw(table, { fresh: true })), reveal: 'settled' as const };
        seen.push(seeds);
        await l.rounds.open({ roundId: uid('r'), game: 'dice', tableId: 't', rulesVersion: 'v1', currency: 'EUR', seeds, stakes: [{ player, amount: 5 }] });
      }
      // A draw whose round was never written does not count.
      const unused = await l.seeds.draw(table, { fresh: true });
      l.seeds.settle(unused, false);
      assert.deepEqual(seen.map((s) => s.nonce), [0, 1, 2]);
      assert.equal(new Set(seen.map((s) => s.serverSeed)).size, 3);
      assert.equal(new Set([...seen, unused].map((s) => s.clientSeed)).size, 1);
      assert.equal(unused.nonce, 3);
      assert.deepEqual(await l.seeds.info(table), { serverSeedHash: null, clientSeed: unused.clientSeed, nonce: 3 });
    });

    it('lets a drawn pair go after the lease when its round is never written', async () => {
      const l = ledger();
      const pairs = new SeedPairs(l.store, (fn) => l.store.transaction(fn), { leaseMs: 30 });
      const owner = `player:${uid('p')}`;
      const first = await pairs.draw(owner, { fresh: false });
      const t0 = Date.now();
      const second = await pairs.draw(owner, { fresh: false });
      assert.ok(Date.now() - t0 >= 25, 'the second draw waited for the first');
      assert.equal(second.nonce, first.nonce, 'nothing was recorded: the nonce is drawn again');
      pairs.settle(second, false);
    });
  });
});
