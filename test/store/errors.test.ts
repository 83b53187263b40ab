// The store's own errors: stable codes, never the client catalogue's PitbossError, and
// the ledger is where one becomes a reason a client may hear.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommitter } from '../../src/store/group-commit.ts';
import { StoreError, StoreErrorCodes } from '../../src/store/errors.ts';
import type { Store, Tx } from '../../src/store/types.ts';
import { makeRunner } from '../../src/ledger/runner.ts';
import { PitbossError } from '../../src/errors.ts';

// Enough of a Store for the queue: one connection, and a transaction that just runs its unit.
const fakeStore = { concurrency: 1, transaction: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) } as unknown as Store;

describe('StoreError', () => {
  it('refuses a group-commit unit past maxQueue with code queue_full, and still runs the queued one', async () => {
    const gc = new GroupCommitter(fakeStore, { maxQueue: 1 });
    const first = gc.run(async () => 'ran');
    // The first unit is still queued (batches leave after this turn), so the queue is full.
    const err = await gc.run(async () => 'never').then(() => null, (e: unknown) => e);
    assert.ok(err instanceof StoreError, String(err));
    assert.ok(!(err instanceof PitbossError));
    assert.equal(err.code, 'queue_full');
    assert.match(err.message, /queue is full \(1 waiting\)/);
    assert.equal(await first, 'ran');
  });

  it('has a description for every code', () => {
    for (const [code, text] of Object.entries(StoreErrorCodes)) {
      assert.ok(text.length > 0, code);
      assert.equal(new StoreError(code as keyof typeof StoreErrorCodes).message, text);
    }
  });

  it('reaches a client as `unavailable` through the ledger, with the store error as its cause', async () => {
    const run = makeRunner(fakeStore, new GroupCommitter(fakeStore, { maxQueue: 1 }), true);
    const first = run(async () => 1);
    const err = await run(async () => 2).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof PitbossError, String(err));
    assert.equal(err.reason, 'unavailable');
    assert.ok(err.cause instanceof StoreError);
    assert.equal(await first, 1);
    // Anything else passes through as it was.
    const boom = new Error('boom');
    await assert.rejects(run(async () => { throw boom; }), (e) => e === boom);
  });
});
