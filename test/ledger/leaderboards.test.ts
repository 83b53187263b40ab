import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Leaderboards } from '../../src/ledger/leaderboards.ts';
import { PitbossError } from '../../src/errors.ts';

describe('Leaderboards and tournaments', () => {
  forEachStore((ctx) => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const boards = () => new Leaderboards(ctx.store, () => clock);
    const tick = (ms: number) => { clock = new Date(clock.getTime() + ms); };

    it('applies best/set/incr/decr', async () => {
      const b = boards();
      for (const op of ['best', 'set', 'incr', 'decr'] as const) await b.create({ id: `op-${op}`, operator: op, sort: 'desc' });
      const scores: Record<string, number> = {};
      for (const op of ['best', 'set', 'incr', 'decr'] as const) {
        for (const v of [5, 9, 3]) { tick(1); scores[op] = (await b.submit(`op-${op}`, 'p', v)).score; }
      }
      assert.deepEqual(scores, { best: 9, set: 3, incr: 17, decr: -17 });
      await b.create({ id: 'op-best-asc', operator: 'best', sort: 'asc' });
      for (const v of [5, 2, 8]) await b.submit('op-best-asc', 'p', v);
      assert.equal((await b.rank('op-best-asc', 'p'))!.score, 2);
    });

    it('ranks descending and ascending, gives the top N, a rank and the players around it', async () => {
      const b = boards();
      await b.create({ id: 'desc', operator: 'set', sort: 'desc' });
      await b.create({ id: 'asc', operator: 'set', sort: 'asc' });
      for (let i = 1; i <= 9; i++) {
        tick(1);
        await b.submit('desc', `p${i}`, i * 10);
        await b.submit('asc', `p${i}`, i * 10);
      }
      assert.deepEqual((await b.top('desc', 3)).map((r) => [r.owner, r.rank]), [['p9', 1], ['p8', 2], ['p7', 3]]);
      assert.deepEqual((await b.top('asc', 2)).map((r) => r.owner), ['p1', 'p2']);
      assert.deepEqual(await b.rank('desc', 'p4'), { owner: 'p4', score: 40, rank: 6 });
      assert.equal(await b.rank('desc', 'nobody'), null);
      assert.deepEqual((await b.around('desc', 6, 1)).map((r) => [r.owner, r.rank]), [['p5', 5], ['p4', 6], ['p3', 7]]);
      assert.deepEqual((await b.around('desc', 1, 2)).map((r) => r.rank), [1, 2, 3]);
    });

    it('emits rank-change events for the submitter and everyone it overtook', async () => {
      const b = boards();
      await b.create({ id: 'ev', operator: 'incr', sort: 'desc' });
      for (const [p, v] of [['a', 30], ['b', 20], ['c', 10]] as const) { tick(1); await b.submit('ev', p, v); }
      tick(1);
      const r = await b.submit('ev', 'c', 25); // c: 10 → 35, from 3rd to 1st
      assert.equal(r.rank, 1);
      assert.deepEqual(r.events.map((e) => [e.owner, e.from, e.to]).sort(), [['a', 1, 2], ['b', 2, 3], ['c', 3, 1]]);
      tick(1);
      const n = await b.submit('ev', 'd', 1);
      assert.deepEqual(n.events, [{ board: 'ev', owner: 'd', from: null, to: 4 }]);
    });

    it('resets on schedule, honours the start/end window and caps the entries', async () => {
      const b = boards();
      const start = new Date(clock.getTime() + 60_000);
      await b.create({ id: 't', operator: 'incr', sort: 'desc', resetEverySeconds: 3600, startAt: start, endAt: new Date(start.getTime() + 3 * 3600_000), maxEntries: 2 });
      await assert.rejects(b.submit('t', 'x', 1), (e) => e instanceof PitbossError && e.reason === 'round_closed');
      clock = new Date(start.getTime() + 10);
      await b.submit('t', 'x', 5);
      await b.submit('t', 'y', 7);
      await assert.rejects(b.submit('t', 'z', 1), (e) => e instanceof PitbossError && e.reason === 'table_full');
      await b.submit('t', 'x', 5); // an existing entry may still improve
      assert.deepEqual((await b.top('t')).map((r) => [r.owner, r.score]), [['x', 10], ['y', 7]]);
      clock = new Date(start.getTime() + 3600_000 + 10); // next period: a fresh board
      assert.deepEqual(await b.top('t'), []);
      await b.submit('t', 'z', 1);
      assert.deepEqual((await b.top('t')).map((r) => r.owner), ['z']);
      assert.deepEqual((await b.top('t', 10, new Date(start.getTime() + 20))).map((r) => r.owner), ['x', 'y']);
      clock = new Date(start.getTime() + 3 * 3600_000);
      await assert.rejects(b.submit('t', 'z', 1), (e) => e instanceof PitbossError && e.reason === 'round_closed');
    });
  });
});
