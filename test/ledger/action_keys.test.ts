import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../store/backends.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import type { StoredReply } from '../../src/ledger/index.ts';

const HOUR = 60 * 60 * 1000;
const ok = (response: Record<string, unknown>): StoredReply => ({ status: 'ok', response });

describe('Action keys', () => {
  forEachStore((ctx) => {
    let t = Date.parse('2025-01-01T00:00:00Z');
    const ledger = () => new Ledger(ctx.store, { now: () => new Date(t) });

    it('claims a key once, keeps the first reply and answers it at any table', async () => {
      const k = ledger().keys;
      assert.deepEqual(await k.get('ak1', 'K'), { type: 'new' });
      assert.deepEqual(await k.claim('ak1', 'K', 'slots-a'), { type: 'new' });
      assert.deepEqual(await k.claim('ak1', 'K', 'slots-b'), { type: 'pending', tableId: 'slots-a' }, 'claimed, not answered yet');
      await k.put('ak1', 'K', 'slots-a', ok({ round_id: 'k_1', win: 40, balance: 940 }));
      await k.put('ak1', 'K', 'slots-a', ok({ round_id: 'k_2' }));
      const first = { type: 'answered', tableId: 'slots-a', reply: ok({ round_id: 'k_1', win: 40, balance: 940 }) };
      assert.deepEqual(await k.get('ak1', 'K'), first, 'the first reply stays');
      assert.deepEqual(await k.claim('ak1', 'K', 'slots-b'), first, 'another table gets the first answer');
      assert.deepEqual(await ledger().keys.claim('ak1', 'K', 'slots-a'), first, 'and so does a new ledger (a restart)');
    });

    it('keeps each player\'s keys apart', async () => {
      const k = ledger().keys;
      await k.put('ak2', 'same', 't1', ok({ who: 'ak2' }));
      assert.deepEqual(await k.claim('ak3', 'same', 't1'), { type: 'new' });
      await k.put('ak3', 'same', 't1', { status: 'error', response: { reason: 'round_closed' } });
      assert.deepEqual(await k.get('ak2', 'same'), { type: 'answered', tableId: 't1', reply: ok({ who: 'ak2' }) });
      assert.deepEqual(await k.get('ak3', 'same'), { type: 'answered', tableId: 't1', reply: { status: 'error', response: { reason: 'round_closed' } } });
    });

    it('frees a released claim for a retry, never an answered key', async () => {
      const k = ledger().keys;
      await k.claim('ak4', 'R', 't1');
      await k.release('ak4', 'R');
      assert.deepEqual(await k.claim('ak4', 'R', 't2'), { type: 'new' });
      await k.put('ak4', 'R', 't2', ok({ n: 1 }));
      await k.release('ak4', 'R');
      assert.equal((await k.get('ak4', 'R')).type, 'answered');
    });

    it('lets exactly one of many concurrent claimers of a key win, across ledgers and within a batch', async () => {
      const nodes = [ledger(), ledger(), ledger(), ledger()];
      const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => nodes[i % nodes.length]!.keys.claim('ak5', 'race', `t${i}`)));
      assert.equal(claims.filter((c) => c.type === 'new').length, 1);
      assert.ok(claims.every((c) => c.type === 'new' || c.type === 'pending'));
    });

    it('forgets keys after the TTL: an expired key is free, and claims prune up to twice their number', async () => {
      const k = ledger().keys;
      const start = t;
      for (const key of ['e1', 'e2', 'e3', 'e4', 'e5']) await k.put('ak6', key, 't1', ok({ key }));
      t = start + 23 * HOUR;
      assert.equal((await k.get('ak6', 'e1')).type, 'answered', 'still remembered within 24 h');
      t = start + 25 * HOUR;
      assert.deepEqual(await k.get('ak6', 'e1'), { type: 'new' }, 'expired counts as absent before it is pruned');
      const expired = async () => (await ctx.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM action_keys WHERE created_at <= $1', [new Date(t - 24 * HOUR).toISOString()]))[0]!.n;
      const before = await expired();
      assert.ok(before >= 5);
      assert.deepEqual(await k.claim('ak6', 'fresh', 't1'), { type: 'new' });
      assert.equal(await expired(), before - 2, 'one claim prunes two expired keys');
      assert.deepEqual(await k.claim('ak6', 'e5', 't2'), { type: 'new' }, 'an expired key is taken over');
      const rest = await expired();
      assert.equal(await k.prune(), rest);
      assert.equal(await expired(), 0);
      assert.deepEqual((await ctx.store.query<{ key: string }>("SELECT key FROM action_keys WHERE player_id = 'ak6' ORDER BY key")).map((r) => r.key), ['e5', 'fresh']);
      t = start;
    });
  });
});
