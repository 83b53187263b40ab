// Each table's seq ceiling in Redis (cluster/table_seqs.ts) under the manager's SeqFloor: an
// owner reserves ahead of the numbers it gives, so a new owner (another node, after a
// failover) starts above every number the old one gave; the ceiling only rises.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { TableSeqs } from '../../src/cluster/table_seqs.ts';
import { SeqFloor, SEQ_BLOCK } from '../../src/casino/tables/seq_floor.ts';
import { REDIS_URL, uniquePrefix } from './support.ts';

describe('table seq ceilings', () => {
  let redis: Redis;
  const prefix = uniquePrefix();
  before(() => {
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('starts a new owner above every number the old owner gave, however far it got', async () => {
    const seqs = new TableSeqs({ redis, prefix });
    const old = new SeqFloor(seqs);
    assert.equal(await old.startAt('t1'), 0, 'a new table starts at 0');
    let given = 0;
    for (; given < 2.5 * SEQ_BLOCK; given++) old.noted('t1', given + 1); // reservations run ahead, unawaited
    await new Promise((r) => setTimeout(r, 100));
    const next = new SeqFloor(seqs); // another node: nothing in memory
    const start = await next.startAt('t1');
    assert.ok(start >= given, `the new owner starts at ${start}, above the ${given} given`);
    assert.ok(start <= given + SEQ_BLOCK, `and within a block of it (${start})`);
  });

  it('goes on exactly from the last number on the same node, and only ever raises the ceiling', async () => {
    const seqs = new TableSeqs({ redis, prefix });
    const here = new SeqFloor(seqs);
    await here.startAt('t2');
    here.noted('t2', 7);
    assert.equal(await here.startAt('t2'), 7, 'a restart on this node (a crash, a wake) numbers on from 7, not from the ceiling');
    assert.equal(await new SeqFloor().startAt('t2'), 0, 'without a hook nothing is known elsewhere');
    const local = new SeqFloor();
    local.noted('t2', 7);
    assert.equal(await local.startAt('t2'), 7, 'a restart here numbers on from 7');
    await seqs.reserve('t2', 5);
    assert.equal(await seqs.ceiling('t2'), SEQ_BLOCK, 'a lower reservation does not lower the ceiling');
    await seqs.forget('t2');
    assert.equal(await seqs.ceiling('t2'), 0);
  });

  it('starts a table even when Redis cannot be reached, above any ceiling (the clock), and tries to reserve when it numbers on', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const errors: unknown[] = [];
    const floor = new SeqFloor(new TableSeqs({ redis: down, prefix }), (err) => errors.push(err));
    const before = Date.now();
    const start = await floor.startAt('t3');
    assert.ok(start >= before && start <= Date.now(), `started at the clock (${start})`);
    assert.equal(errors.length, 1, 'the failure is reported');
    floor.noted('t3', start + 1); // no ceiling reserved: the first event tries to reserve one
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(errors.length, 2, 'a reservation was tried (and failed, Redis being away)');
    down.disconnect();
  });
});
