// The cluster's table directory in Redis (real Redis, real memberships, a prefix per test):
// one holder per table id, taken over only once the holder's lease is gone, a larger
// fencing token at every claim, listing pages, and nothing written by a node without its lease.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { Membership } from '../../src/cluster/membership.ts';
import { TableClaims } from '../../src/cluster/table_claims.ts';
import { PitbossError } from '../../src/errors.ts';
import { REDIS_URL, eventually, uniquePrefix } from './support.ts';

const TTL = 300;

describe('TableClaims', () => {
  const open: Array<{ m: Membership; redis: Redis }> = [];
  const node = async (prefix: string, id: string) => {
    const m = new Membership({ url: REDIS_URL, prefix, nodeId: id, ttlMs: TTL });
    const redis = new Redis(REDIS_URL);
    open.push({ m, redis });
    await m.start();
    return { m, claims: new TableClaims({ redis, prefix, members: m }) };
  };
  const config = (id: string) => ({ id, game: 'baccarat', options: { list: [] as number[] } });
  const row = (id: string, players = 0) => ({ id, game: 'baccarat', players });
  afterEach(async () => {
    for (const { m, redis } of open.splice(0)) {
      await m.stop();
      redis.disconnect();
    }
  });

  it('gives a table id to one live node, with a larger token at every claim', async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    await eventually(() => a.m.isLive('b') && b.m.isLive('a'));
    const t1 = await a.claims.claim(config('t-1'), row('t-1'));
    await assert.rejects(b.claims.claim(config('t-1'), row('t-1')), (e: PitbossError) => e.reason === 'unavailable' && e.details['node'] === 'a');
    assert.equal(b.claims.tokenOf('t-1'), null);
    const t2 = await b.claims.claim(config('t-2'), row('t-2'));
    assert.ok(t2 > t1);
    const held = await b.claims.holder('t-1');
    assert.deepEqual([held?.node, held?.token, held?.config], ['a', t1, config('t-1')], 'the config comes back as it went in (an empty array stays one)');
  });

  it('lets another node take a table over once its holder\'s lease lapsed, under a larger token', async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    await eventually(() => a.m.isLive('b') && b.m.isLive('a'));
    const t1 = await a.claims.claim(config('t-1'), row('t-1'));
    await a.m.stop({ leave: false }); // killed: its lease lapses
    await eventually(() => !b.m.isLive('a'), TTL * 4);
    assert.deepEqual((await b.claims.orphans()).map((o) => o.config.id), ['t-1']);
    assert.equal(await b.claims.holder('t-1'), null);
    const t2 = await b.claims.claim(config('t-1'), row('t-1'));
    assert.ok(t2 > t1);
    assert.equal((await b.claims.holder('t-1'))?.node, 'b');
    assert.deepEqual(await b.claims.orphans(), []);
  });

  it('hands a table off: an orphan for every node at once, carrying the record; the next claim drops it under a larger token', async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    await eventually(() => a.m.isLive('b') && b.m.isLive('a'));
    const t1 = await a.claims.claim(config('t-1'), row('t-1'));
    assert.equal(await b.claims.handOff('t-1', { seats: [] }), false, 'only the holder hands a table off');
    assert.equal(await b.claims.orphan('t-1'), null, 'held by a live node: no orphan');
    const record = { seats: [{ seat: 2, playerId: 'p1', name: 'Ann "the" Cat' }], seq: 7, chat: [] };
    assert.equal(await a.claims.handOff('t-1', record), true);
    assert.equal(a.claims.tokenOf('t-1'), null, 'the holder forgets it');
    assert.equal(await a.claims.handOff('t-1', record), false, 'once');
    // a is still live: the claim is an orphan by its lease token (0), not by a's death.
    const o = await b.claims.orphan('t-1');
    assert.deepEqual([o?.node, o?.lease, o?.token, o?.config, o?.handover], ['a', 0, t1, config('t-1'), record], 'the config byte-true, the record beside it');
    assert.deepEqual((await a.claims.orphans()).map((c) => c.config.id), ['t-1']);
    assert.equal(await b.claims.holder('t-1'), null);
    const t2 = await b.claims.claim(config('t-1'), row('t-1'));
    assert.ok(t2 > t1);
    const held = await a.claims.holder('t-1');
    assert.deepEqual([held?.node, held?.handover], ['b', undefined], 'the new claim carries no record');
    assert.deepEqual(await a.claims.orphans(), []);
  });

  it('gives up a table that failed to start: an orphan without a record (started from its journal next), not dropped as release() drops it', async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    await eventually(() => a.m.isLive('b') && b.m.isLive('a'));
    const t1 = await a.claims.claim(config('t-9'), row('t-9'));
    await b.claims.giveUp('t-9'); // not b's: nothing happens
    assert.equal(await b.claims.orphan('t-9'), null);
    await a.claims.giveUp('t-9');
    assert.equal(a.claims.tokenOf('t-9'), null);
    const o = await b.claims.orphan('t-9');
    assert.deepEqual([o?.node, o?.lease, o?.token, o?.config, o?.handover], ['a', 0, t1, config('t-9'), undefined]);
    assert.ok((await b.claims.claim(config('t-9'), row('t-9'))) > t1, 'the next adopter takes it');
  });

  it('pages the listing in id order from a cursor, rows of live holders only, and drops a released table', async () => {
    const prefix = uniquePrefix();
    const a = await node(prefix, 'a');
    for (const id of ['t-3', 't-1', 't-2', 't-4']) await a.claims.claim(config(id), row(id));
    await a.claims.listed([row('t-2', 5)], ['t-4']);
    const p1 = await a.claims.page(undefined, 2);
    assert.deepEqual(p1.tables.map((t) => [t['id'], t['players'], t['node']]), [['t-1', 0, 'a'], ['t-2', 5, 'a']]);
    assert.equal(p1.next, 't-2');
    const p2 = await a.claims.page(p1.next!, 2);
    assert.deepEqual([p2.tables.map((t) => t['id']), p2.next], [['t-3'], null], 't-4 is held but unlisted');
    await a.claims.release('t-3');
    assert.equal(await a.claims.holder('t-3'), null);
    assert.deepEqual((await a.claims.page(undefined, 10)).tables.map((t) => t['id']), ['t-1', 't-2']);
  });

  it('claims nothing without a lease', async () => {
    const prefix = uniquePrefix();
    const m = new Membership({ url: REDIS_URL, prefix, nodeId: 'z', ttlMs: TTL });
    const redis = new Redis(REDIS_URL);
    open.push({ m, redis });
    const claims = new TableClaims({ redis, prefix, members: m }); // never started: no lease
    await assert.rejects(claims.claim(config('t-1'), row('t-1')), (e: PitbossError) => e.reason === 'unavailable');
  });
});
