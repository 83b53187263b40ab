import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActCache } from '../../../src/casino/tables/act_cache.ts';
import type { ActionKeys, KeyState, StoredReply } from '../../../src/ledger/index.ts';

/** The ledger's keys in a Map, counting how often the table had to ask. */
function fakeKeys() {
  const rows = new Map<string, { tableId: string; reply: StoredReply | null }>();
  const calls = { claim: 0, put: 0, release: 0 };
  const keys = {
    async claim(p: string, k: string, tableId: string): Promise<KeyState> {
      calls.claim++;
      const r = rows.get(`${p}/${k}`);
      if (!r) return (rows.set(`${p}/${k}`, { tableId, reply: null }), { type: 'new' });
      return r.reply ? { type: 'answered', tableId: r.tableId, reply: r.reply } : { type: 'pending', tableId: r.tableId };
    },
    async put(p: string, k: string, tableId: string, reply: StoredReply) {
      calls.put++;
      rows.set(`${p}/${k}`, { tableId, reply });
    },
    async release(p: string, k: string) {
      calls.release++;
      if (rows.get(`${p}/${k}`)?.reply === null) rows.delete(`${p}/${k}`);
    },
  };
  return { keys: keys as unknown as ActionKeys, calls };
}

describe('ActCache', () => {
  it('answers a kept key from memory, and from the ledger once memory let it go', async () => {
    const { keys, calls } = fakeKeys();
    const c = new ActCache(keys, 't1', { perPlayer: 2, players: 2 });
    for (const k of ['a', 'b', 'c']) {
      assert.equal(await c.claim('p', k), null);
      await c.settle('p', k, { ok: true, value: { k } });
    }
    const asked = calls.claim;
    assert.deepEqual(await c.claim('p', 'c'), { ok: true, value: { k: 'c' } });
    assert.equal(calls.claim, asked, 'a recent answer needs no query');
    assert.deepEqual(await c.claim('p', 'a'), { ok: true, value: { k: 'a' } });
    assert.equal(calls.claim, asked + 1, 'the oldest went from memory; the ledger still had it');
  });

  it('holds a bounded number of players, and forgets a player on request', async () => {
    const { keys, calls } = fakeKeys();
    const c = new ActCache(keys, 't1', { perPlayer: 4, players: 2 });
    for (const p of ['p1', 'p2', 'p3']) {
      await c.claim(p, 'k');
      await c.settle(p, 'k', { ok: true, value: { p } });
    }
    const asked = calls.claim;
    await c.claim('p3', 'k');
    await c.claim('p2', 'k');
    assert.equal(calls.claim, asked);
    await c.claim('p1', 'k');
    assert.equal(calls.claim, asked + 1, 'the least recently active player was let go');
    c.forget('p2');
    assert.deepEqual(await c.claim('p2', 'k'), { ok: true, value: { p: 'p2' } });
    assert.equal(calls.claim, asked + 2);
  });

  it('frees a refused key instead of keeping the refusal, and refuses a pending key', async () => {
    const { keys, calls } = fakeKeys();
    const c = new ActCache(keys, 't1');
    assert.equal(await c.claim('p', 'r'), null);
    await c.settle('p', 'r', { ok: false, error: { reason: 'insufficient_funds', message: 'too low' } });
    assert.equal(calls.release, 1);
    assert.equal(await c.claim('p', 'r'), null, 'a retry may act');
    const other = new ActCache(keys, 't2');
    const pending = await other.claim('p', 'r');
    assert.deepEqual(pending && !pending.ok && [pending.error['reason'], pending.error['table_id']], ['key_pending', 't1']);
  });
});
