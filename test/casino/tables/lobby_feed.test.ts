import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalPubSub, type JsonObject } from '../../../src/wire/index.ts';
import { LobbyFeed } from '../../../src/casino/tables/lobby_feed.ts';

/** A feed over a listing the test edits, and every push it made. */
function harness(opts: { maxRows?: number } = {}) {
  const pubsub = new LocalPubSub();
  const pushes: Array<{ event: string; payload: { changed: JsonObject[]; removed: string[] } }> = [];
  pubsub.subscribe('lobby', (m) => pushes.push({ event: m.event, payload: m.payload as never }));
  const listing = new Map<string, JsonObject>();
  // A long window: the tests flush by hand, so nothing depends on timing.
  const feed = new LobbyFeed({ pubsub, row: (id) => listing.get(id) ?? null, windowMs: 60_000, ...opts });
  return { feed, listing, pushes };
}

describe('LobbyFeed', () => {
  it('pushes each marked table as the listing shows it at the push, once however often it was marked', () => {
    const { feed, listing, pushes } = harness();
    listing.set('a', { id: 'a', players: 0 });
    feed.changed('a');
    listing.set('a', { id: 'a', players: 1 });
    feed.changed('a');
    feed.changed('gone');
    feed.flush();
    assert.deepEqual(pushes, [{ event: 'tables_changed', payload: { changed: [{ id: 'a', players: 1 }], removed: ['gone'] } }]);
    feed.flush();
    assert.equal(pushes.length, 1, 'nothing marked since: no push');
  });

  it('treats a table opened and closed within one window as removed', () => {
    const { feed, listing, pushes } = harness();
    listing.set('b', { id: 'b' });
    feed.changed('b');
    listing.delete('b');
    feed.changed('b');
    feed.flush();
    assert.deepEqual(pushes.map((p) => p.payload), [{ changed: [], removed: ['b'] }]);
  });

  it('bounds a push to maxRows tables and keeps the rest for the next one', () => {
    const { feed, listing, pushes } = harness({ maxRows: 2 });
    for (const id of ['t1', 't2', 't3']) {
      listing.set(id, { id });
      feed.changed(id);
    }
    feed.flush();
    assert.deepEqual(pushes.map((p) => p.payload.changed.map((r) => r['id'])), [['t1', 't2']]);
    feed.flush();
    assert.deepEqual(pushes.map((p) => p.payload.changed.map((r) => r['id'])), [['t1', 't2'], ['t3']]);
  });

  it('pushes by itself once the window has passed', async () => {
    const pubsub = new LocalPubSub();
    const got: unknown[] = [];
    pubsub.subscribe('lobby', (m) => got.push(m.payload));
    const feed = new LobbyFeed({ pubsub, row: (id) => ({ id }), windowMs: 0 });
    feed.changed('c');
    assert.deepEqual(got, [], 'not in the caller\'s turn');
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(got, [{ changed: [{ id: 'c' }], removed: [] }]);
  });
});
