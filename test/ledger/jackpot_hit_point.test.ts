// A must-hit-by jackpot's hit point is secret. The attack: a player watching the public
// meter spins at maximum bet when it nears must-hit-by, because the spin that carries the
// meter there always wins. The defence: the hit point is drawn from the OS CSPRNG at each
// reset, uniform on [reset, must-hit-by], kept server-side, committed to by
// SHA-256(hit_point:salt) from the moment of reset, and revealed with the win.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import type { Store } from '../../src/store/types.ts';
import { CHI2_99, chiSquare, passesOneOfTwo } from '../games/rng/stats.ts';
import { cryptoHitPoints } from '../../src/ledger/jackpot_draw.ts';
import { playDiceRound } from './dice-play.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const CHI2_99_DF9 = 21.666;

/** What only the server knows: the current cycle's hit point and salt (read here with the test's database access). */
async function secret(store: Store, pool: string): Promise<{ cycle: number; hitPoint: number; salt: string; commitment: string; lo: number; hi: number }> {
  const [r] = await store.query<{ cycle: number; hit_point: number; salt: string; commitment: string; lo: number; hi: number }>(
    `SELECT d.cycle, d.hit_point, d.salt, d.commitment, d.lo, d.hi FROM jackpot_pools p
       JOIN jackpot_draws d ON d.pool_id = p.id AND d.cycle = p.cycle AND d.draw = p.draw WHERE p.id = $1`, [pool]);
  assert.ok(r, `pool ${pool} has a drawn hit point`);
  return { cycle: r.cycle, hitPoint: r.hit_point, salt: r.salt, commitment: r.commitment, lo: r.lo, hi: r.hi };
}

describe('Jackpot hit point', () => {
  it('the production source draws uniformly across a range far wider than 2^32 (chi-square, 36 df, 99%)', () => {
    // 37 equal bins of 2^40 values each, starting at 2^50: no modulo bias, no float scaling.
    const lo = 2 ** 50;
    const hi = lo + 37 * 2 ** 40 - 1;
    assert.ok(passesOneOfTwo(() => {
      const bins = new Array<number>(37).fill(0);
      for (let i = 0; i < 37 * 2000; i++) {
        const { hitPoint, salt } = cryptoHitPoints.draw(lo, hi, { pool: 'x', cycle: 1, draw: 1 });
        assert.ok(hitPoint >= lo && hitPoint <= hi && salt.length === 32);
        bins[Math.floor((hitPoint - lo) / 2 ** 40)]!++;
      }
      return chiSquare(bins) < CHI2_99[36];
    }));
  });

  forEachStore((ctx) => {
    let n = 0;
    const fresh = async (players: string[], opts: ConstructorParameters<typeof Ledger>[1] = {}) => {
      const l = new Ledger(ctx.store, { largeWin: Number.MAX_SAFE_INTEGER, ...opts });
      for (const p of players) await l.wallet.deposit({ player: p, currency: 'EUR', amount: 10_000_000, key: `${p}-dep` });
      return l;
    };
    // A one-step round whose whole stake feeds the pool (contributionBps 10 000), so the test steers the meter exactly.
    const spin = (l: Ledger, pool: string, player: string, stake: number) => {
      const id = `hp-${ctx.backend}-${n++}`;
      return l.rounds.playInstant({ roundId: id, game: 'slots', tableId: `t-${pool}`, rulesVersion: 'slots-1', currency: 'EUR',
        seeds: { serverSeed: `s-${id}`, clientSeed: 'c', nonce: 0 }, jackpotPool: pool, player, stake,
        steps: [{ action: { spin: stake }, events: [] }], outcome: null, payout: 0 });
    };

    it('defeats the sniper: waiting for the meter to near must-hit-by, then betting big, does not win it', async () => {
      const l = await fresh(['hp-by', 'hp-sniper']);
      await l.jackpots.create({ id: 'HP0', currency: 'EUR', contributionBps: 10_000, seed: 0, mustHitBy: 20_000 });
      let sniperWins = 0;
      for (let reset = 0; reset < 5; reset++) {
        const { cycle } = (await l.jackpots.get('HP0'))!;
        // Others play 500 at a time while the sniper watches the public meter...
        for (;;) {
          const p = (await l.jackpots.get('HP0'))!;
          if (p.cycle !== cycle || p.meter + 500 >= p.mustHitBy!) break;
          await spin(l, 'HP0', 'hp-by', 500);
        }
        const p = (await l.jackpots.get('HP0'))!;
        if (p.cycle !== cycle) continue; // someone else already hit it
        // ...and bets what takes it to must-hit-by.
        if ((await spin(l, 'HP0', 'hp-sniper', p.mustHitBy! - p.meter)).settle!.jackpot) sniperWins++;
        else await l.jackpots.award({ pool: 'HP0', cycle, player: 'hp-by' });
      }
      // With a secret uniform hit point the sniper wins a reset with probability 1/40.
      assert.ok(sniperWins <= 2, `the sniper won ${sniperWins} of 5 resets`);
    });

    it('pays the spin that carries the meter to the secret hit point, never one that stops below it', async () => {
      const l = await fresh(['hp-a', 'hp-b']);
      await l.jackpots.create({ id: 'HP1', currency: 'EUR', contributionBps: 10_000, seed: 1000, mustHitBy: 1500 });
      const winMeters: number[] = [];
      await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 40, maxLength: 40 }), async (stakes) => {
        const s = await secret(ctx.store, 'HP1');
        assert.ok(s.lo === 1000 && s.hi === 1500 && s.hitPoint >= 1000 && s.hitPoint <= 1500);
        for (let i = 0; ; i++) {
          const before = (await l.jackpots.get('HP1'))!;
          // Alternate players and, past the stakes drawn, keep spinning until the pool hits.
          const stake = stakes[i % stakes.length]!;
          const player = i % 2 ? 'hp-a' : 'hp-b';
          const res = await spin(l, 'HP1', player, stake);
          const jp = res.settle!.jackpot;
          if (before.meter + stake < s.hitPoint) {
            assert.equal(jp, null, `meter ${before.meter + stake} is below the hit point ${s.hitPoint}: no win`);
            continue;
          }
          assert.ok(jp, `meter ${before.meter + stake} reached the hit point ${s.hitPoint}: this spin wins`);
          assert.deepEqual([jp.player, jp.amount, jp.cycle], [player, before.meter + stake, s.cycle]);
          winMeters.push(jp.amount);
          break;
        }
      }), { numRuns: 8 });
      // The win is not at must-hit-by every time, so watching for it there is no strategy.
      assert.ok(winMeters.some((m) => m < 1440), JSON.stringify(winMeters));
      assert.equal((await l.check()).ok, true);
    });

    it('publishes only a commitment: brute-forcing the range without the salt finds no match', async () => {
      const l = await fresh([]);
      await l.jackpots.create({ id: 'HP2', currency: 'EUR', contributionBps: 100, seed: 10, mustHitBy: 13 });
      const seen = new Map<number, Set<string>>();
      for (let reset = 0; reset < 12; reset++) {
        const pub = (await l.jackpots.get('HP2'))!;
        // The public view: the meter and the commitment, nothing secret.
        assert.deepEqual(Object.keys(pub.hit!).sort(), ['commitment', 'cycle', 'draw', 'hi', 'lo']);
        assert.ok(!('hitPoint' in pub) && !('salt' in pub) && !JSON.stringify(pub).includes('salt'));
        assert.equal(pub.hit!.cycle, pub.cycle);
        for (let v = pub.hit!.lo; v <= pub.hit!.hi; v++) {
          for (const guess of [`${v}`, `${v}:`, `${v}:0`, `${v}:${pub.cycle}`, `HP2:${pub.cycle}:${v}`]) assert.notEqual(sha256(guess), pub.hit!.commitment);
        }
        const s = await secret(ctx.store, 'HP2');
        assert.equal(sha256(`${s.hitPoint}:${s.salt}`), pub.hit!.commitment, 'the commitment is SHA-256(hit_point:salt)');
        assert.match(s.salt, /^[0-9a-f]{32}$/);
        const same = seen.get(s.hitPoint) ?? new Set();
        same.add(pub.hit!.commitment);
        seen.set(s.hitPoint, same);
        await l.jackpots.award({ pool: 'HP2', cycle: pub.cycle, player: 'hp2-w' });
      }
      // Twelve resets over four values repeat hit points, yet never a commitment: the salt is fresh each time.
      assert.ok(seen.size <= 4);
      assert.equal([...seen.values()].reduce((a, c) => a + c.size, 0), 12);
    });

    it('reveals hit point and salt with the win; they match the commitment published since the reset', async () => {
      const l = await fresh(['hp-r']);
      await l.jackpots.create({ id: 'HP3', currency: 'EUR', contributionBps: 10_000, seed: 500, mustHitBy: 600 });
      const published = (await l.jackpots.get('HP3'))!.hit!;
      // The commitment went into the audit chain at the reset, without the secret.
      const commits = await ctx.store.query<{ after: string }>("SELECT after FROM audit_log WHERE action = 'jackpot_commit' AND subject = 'jackpot:HP3' ORDER BY seq");
      assert.equal(commits.length, 1);
      assert.deepEqual(JSON.parse(commits[0]!.after), published);
      let won = null;
      for (let i = 0; !won && i < 200; i++) won = (await spin(l, 'HP3', 'hp-r', 7)).settle!.jackpot;
      assert.ok(won && won.reveal);
      const { hitPoint, salt, commitment, lo, hi, cycle, draw } = won.reveal;
      assert.deepEqual({ commitment, lo, hi, cycle, draw }, published);
      assert.equal(sha256(`${hitPoint}:${salt}`), published.commitment);
      assert.ok(lo <= hitPoint && hitPoint <= hi && won.amount >= hitPoint && won.amount - 7 < hitPoint);
      // The next cycle is committed in the same transaction as the award.
      assert.deepEqual(won.next, (await l.jackpots.get('HP3'))!.hit);
      assert.equal(won.next!.cycle, cycle + 1);
      const [award] = await ctx.store.query<{ after: string }>("SELECT after FROM audit_log WHERE action = 'jackpot_award' AND subject = 'jackpot:HP3'");
      assert.deepEqual(JSON.parse(award!.after).reveal, won.reveal);
      // A replayed settlement answers the same reveal.
      const again = await l.rounds.settle(`hp-${ctx.backend}-${n - 1}`, { outcome: null, payouts: { 'hp-r': 0 } });
      assert.deepEqual(again.jackpot, won);
    });

    it('draws hit points uniformly on [reset, must-hit-by] over many resets (chi-square, 9 df, 99%)', async () => {
      const l = await fresh([]);
      let k = 0;
      const sample = async (): Promise<boolean> => {
        const id = `HP4-${k++}`;
        await l.jackpots.create({ id, currency: 'EUR', contributionBps: 100, seed: 1000, mustHitBy: 1999 });
        const bins = new Array<number>(10).fill(0);
        for (let reset = 0; reset < 300; reset++) {
          const s = await secret(ctx.store, id);
          assert.ok(s.hitPoint >= 1000 && s.hitPoint <= 1999, String(s.hitPoint));
          bins[Math.floor((s.hitPoint - 1000) / 100)]!++;
          await l.jackpots.award({ pool: id, cycle: s.cycle, player: 'hp4-w' });
        }
        return chiSquare(bins) < CHI2_99_DF9;
      };
      // The CSPRNG is not seedable: accept when one of two independent samples passes (as passesOneOfTwo does).
      assert.ok(await sample() || await sample());
    });

    it('pays exactly once when concurrent settlements race past the hit point', async () => {
      const players = Array.from({ length: 8 }, (_, i) => `hp5-${i}`);
      const l = await fresh(players);
      const gc = new Ledger(ctx.store, { groupCommit: true, largeWin: Number.MAX_SAFE_INTEGER });
      await l.jackpots.create({ id: 'HP5', currency: 'EUR', contributionBps: 10_000, seed: 0, mustHitBy: 400 });
      for (let wave = 0; wave < 6; wave++) {
        const rounds = players.map((p, i) => playDiceRound(i % 2 ? gc : l, {
          roundId: `hp5-${ctx.backend}-${wave}-${i}`, tableId: `hp5-t${i}`, jackpotPool: 'HP5', seats: [{ player: p, amount: 100, pick: 'high' }] }));
        await Promise.all(rounds);
      }
      const awards = await ctx.store.query<{ cycle: number; amount: number; tx: number }>(
        "SELECT cycle, amount, (SELECT count(*) FROM ledger_transactions t WHERE t.idem_key = 'jackpot:HP5:' || a.cycle)::bigint AS tx FROM jackpot_awards a WHERE pool_id = 'HP5' ORDER BY cycle");
      const pool = (await l.jackpots.get('HP5'))!;
      const hitPoints = new Map((await ctx.store.query<{ cycle: number; hit_point: number }>(
        "SELECT cycle, hit_point FROM jackpot_draws WHERE pool_id = 'HP5'")).map((d) => [d.cycle, d.hit_point]));
      assert.equal(awards.length, pool.cycle - 1);
      assert.ok(awards.length >= 4, `4 800 contributed over hit points ≤ 400: ${awards.length} awards`);
      for (const a of awards) {
        assert.equal(a.tx, 1, `cycle ${a.cycle} paid once`);
        assert.ok(a.amount >= hitPoints.get(a.cycle)!, `cycle ${a.cycle} paid at or past its hit point`);
      }
      const paid = awards.reduce((s, a) => s + a.amount, 0);
      const wallets = (await Promise.all(players.map((p) => l.wallet.playerBalance(p, 'EUR')))).reduce((a, b) => a + b, 0);
      const dice = await ctx.store.query<{ s: number }>("SELECT coalesce(sum(payout - stake), 0)::bigint AS s FROM round_results WHERE round_id LIKE $1", [`hp5-${ctx.backend}-%`]);
      assert.equal(wallets, players.length * 10_000_000 + dice[0]!.s + paid);
      const check = await l.check();
      assert.deepEqual([check.sum, check.ok], [0, true]);
    });

    it('draws at start-up for a must-hit-by pool from before hit points existed, over what is left of its range', async () => {
      const l = await fresh(['hp7']);
      // A pool as migration 104 finds it: must-hit-by, no draw.
      await ctx.store.query("INSERT INTO jackpot_pools (id, currency, contribution_bps, seed, must_hit_by) VALUES ('HP7', 'EUR', 10000, 0, 900)");
      await spin(l, 'HP7', 'hp7', 300);
      assert.equal(await l.jackpots.drawMissing(), 1);
      assert.equal(await l.jackpots.drawMissing(), 0);
      const pub = (await l.jackpots.get('HP7'))!.hit!;
      // Drawn over what is left: from the meter, not from a reset it already passed.
      assert.deepEqual([pub.cycle, pub.draw, pub.lo, pub.hi], [1, 1, 300, 900]);
      const s = await secret(ctx.store, 'HP7');
      assert.equal(sha256(`${s.hitPoint}:${s.salt}`), pub.commitment);
    });

    it('draws again within the new range when must-hit-by changes, and stops when it is removed', async () => {
      const l = await fresh([]);
      await l.jackpots.create({ id: 'HP6', currency: 'EUR', contributionBps: 100, seed: 100 });
      assert.equal((await l.jackpots.get('HP6'))!.hit, null);
      await l.jackpots.configure('HP6', { mustHitBy: 200 }, 'staff-1');
      const first = (await l.jackpots.get('HP6'))!.hit!;
      assert.deepEqual([first.lo, first.hi, first.draw], [100, 200, 1]);
      await l.jackpots.configure('HP6', { mustHitBy: 150 }, 'staff-1');
      const second = (await l.jackpots.get('HP6'))!.hit!;
      assert.deepEqual([second.lo, second.hi, second.draw], [100, 150, 2]);
      assert.ok((await secret(ctx.store, 'HP6')).hitPoint <= 150);
      await l.jackpots.configure('HP6', { mustHitBy: null }, 'staff-1');
      assert.equal((await l.jackpots.get('HP6'))!.hit, null);
    });
  });
});
