// The ledger on its own thread (src/ledger_thread): a call reads as on the main thread,
// its refusals arrive as the classes callers test for, and a thread that is gone fails
// every pending and later call instead of leaving it waiting.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { LedgerThread } from '../../src/ledger_thread/client.ts';
import { PitbossError } from '../../src/errors.ts';
import { StoreError } from '../../src/store/index.ts';

const template = process.env.PITBOSS_PGLITE_TEMPLATE;
const start = () => LedgerThread.start({ database: { kind: 'pglite-memory', template }, groupCommit: true, nodeId: 'thread-test' });

describe('the ledger thread', () => {
  // One thread for the two serving cases: each start loads the ledger's modules anew.
  let shared: Promise<LedgerThread> | undefined;
  const serving = () => (shared ??= start());
  after(async () => {
    await (await shared)?.close();
  });

  it('runs calls by their path, and refusals cross as PitbossError with reason and details', async () => {
    const t = await serving();
    const l = t.ledger;
    assert.equal(l.rounds, l.rounds, 'one proxy per path');
    await l.wallet.deposit({ player: 'tp', currency: 'EUR', amount: 500, key: 'tp-dep' });
    assert.equal(await l.wallet.playerBalance('tp', 'EUR'), 500);
    const err = await l.wallet.withdraw({ player: 'tp', currency: 'EUR', amount: 501, key: 'tp-w' }).catch((e: unknown) => e);
    assert.ok(err instanceof PitbossError, 'a PitbossError on this side');
    assert.equal(err.reason, 'insufficient_funds');
    assert.equal(await l.wallet.playerBalance('tp', 'EUR'), 500, 'the refusal moved nothing');
    assert.equal((await l.check()).sum, 0);
  });

  it('refuses what is not a ledger method, and arguments that cannot cross', async () => {
    const t = await serving();
    const l = t.ledger as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    await assert.rejects(l.wallet!.nope!(), /no nope/);
    await assert.rejects((l.wallet!['hasOwnProperty'] as unknown as (k: string) => Promise<unknown>)('x'), /no hasOwnProperty/);
    await assert.rejects(l.wallet!.deposit!(() => 1), (e: unknown) => e instanceof Error && e.name === 'DataCloneError');
    // Still serving after the refusals.
    assert.equal(await t.ledger.wallet.playerBalance('nobody', 'EUR'), 0);
  });

  it('a thread that dies fails pending and later calls with worker_exit, and says so once', async () => {
    const t = await start();
    const failures: StoreError[] = [];
    t.onFailure((e) => failures.push(e));
    const pending = t.ledger.wallet.deposit({ player: 'td', currency: 'EUR', amount: 5, key: 'td-dep' });
    await t.worker.terminate();
    await assert.rejects(pending, (e: unknown) => e instanceof StoreError && e.code === 'worker_exit');
    await assert.rejects(t.ledger.wallet.playerBalance('td', 'EUR'), (e: unknown) => e instanceof StoreError && e.code === 'worker_exit');
    await new Promise((r) => setImmediate(r));
    assert.equal(failures.length, 1);
  });

  it('after close, calls are refused with closed and no failure is reported', async () => {
    const t = await start();
    const failures: StoreError[] = [];
    t.onFailure((e) => failures.push(e));
    await t.close();
    await assert.rejects(t.ledger.wallet.playerBalance('x', 'EUR'), (e: unknown) => e instanceof StoreError && e.code === 'closed');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(failures, []);
  });
});
