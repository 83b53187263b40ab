// The PGlite store runs its database in a worker thread: what crosses the thread must be
// what the ledger decides on (SQLSTATE and friends, int8 as numbers), transactions must
// serialize as they did in one thread, and a dead worker must fail calls, not hang them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open.ts';
import { PgliteStore } from '../../src/store/pglite.ts';
import { StoreError } from '../../src/store/errors.ts';

async function open(): Promise<PgliteStore> {
  const template = process.env['PITBOSS_PGLITE_TEMPLATE'];
  const store = await openStore({ kind: 'pglite-memory', ...(template ? { template } : {}) }, { migrate: false });
  assert.ok(store instanceof PgliteStore);
  assert.equal(store.kind, 'pglite-memory');
  return store;
}

describe('PGlite in a worker thread', () => {
  let store: PgliteStore;
  before(async () => {
    store = await open();
    await store.exec(`
      CREATE TABLE w_keys (k text CONSTRAINT w_keys_pk PRIMARY KEY, n bigint NOT NULL, at timestamptz, b bytea, j jsonb);
      CREATE FUNCTION w_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused %', NEW.k USING DETAIL = 'by the trigger'; END $$;
      CREATE TABLE w_guarded (k text PRIMARY KEY);
      CREATE TRIGGER w_guard BEFORE INSERT ON w_guarded FOR EACH ROW EXECUTE FUNCTION w_refuse();`);
  });
  after(() => store.close());

  it('rejects a constraint violation inside a transaction with its SQLSTATE, constraint and detail, and rolls the transaction back', async () => {
    await store.query(`INSERT INTO w_keys (k, n) VALUES ('a', 1)`);
    const err = await store.transaction(async (tx) => {
      await tx.query(`INSERT INTO w_keys (k, n) VALUES ('b', 2)`);
      await tx.query(`INSERT INTO w_keys (k, n) VALUES ('a', 3)`);
    }).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof Error, String(err));
    assert.equal((err as Error & { code: string }).code, '23505');
    assert.equal((err as Error & { constraint: string }).constraint, 'w_keys_pk');
    assert.match((err as Error & { detail: string }).detail, /\(k\)=\(a\)/);
    assert.match(err.message, /duplicate key/);
    assert.deepEqual(await store.query('SELECT k, n FROM w_keys ORDER BY k'), [{ k: 'a', n: 1 }]);
  });

  it('carries an exception raised by a trigger (P0001) with its message and detail', async () => {
    const err = await store.query(`INSERT INTO w_guarded VALUES ('x')`).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof Error, String(err));
    assert.equal((err as Error & { code: string }).code, 'P0001');
    assert.equal(err.message, 'refused x');
    assert.equal((err as Error & { detail: string }).detail, 'by the trigger');
  });

  it('hands back int8 as numbers, and dates, bytes and json as they were', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    await store.query('INSERT INTO w_keys (k, n, at, b, j) VALUES ($1, $2, $3, $4, $5)', ['v', 2 ** 53 - 1, at, new Uint8Array([0, 255]), { x: [1, 'y'] }]);
    const [r] = await store.query<{ n: unknown; at: unknown; b: unknown; j: unknown }>(`SELECT n, at, b, j FROM w_keys WHERE k = 'v'`);
    assert.equal(r.n, Number.MAX_SAFE_INTEGER);
    assert.ok(r.at instanceof Date);
    assert.equal(r.at.getTime(), at.getTime());
    assert.deepEqual([...(r.b as Uint8Array)], [0, 255]);
    assert.deepEqual(r.j, { x: [1, 'y'] });
  });

  it('lets a plain query wait for an open transaction, then see what it committed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => { inserted = r; });
    const tx = store.transaction(async (t) => {
      await t.query(`INSERT INTO w_keys (k, n) VALUES ('t', 7)`);
      inserted();
      await gate;
      await t.query(`UPDATE w_keys SET n = 8 WHERE k = 't'`);
      return 'committed';
    });
    await insertedP;
    let seen: unknown = null;
    const plain = store.query<{ n: number }>(`SELECT n FROM w_keys WHERE k = 't'`).then((rows) => { seen = rows; });
    // Several turns of both threads: the plain query is still waiting on PGlite's mutex.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
    assert.equal(seen, null);
    release();
    assert.equal(await tx, 'committed');
    await plain;
    assert.deepEqual(seen, [{ n: 8 }]);
  });

  it('refuses a statement on a transaction that has ended', async () => {
    let kept: { query: (sql: string) => Promise<unknown> } | null = null;
    await store.transaction(async (t) => { kept = t; });
    await assert.rejects(kept!.query('SELECT 1'), /Transaction is closed/);
  });

  it('dumps the database from the worker as a tarball', async () => {
    const blob = await store.dump();
    assert.ok(blob.size > 1_000_000, `${blob.size} bytes`);
  });
});

describe('PGlite worker death', () => {
  it('rejects pending and later calls with StoreError worker_exit when the worker stops, and close() still returns', async () => {
    const store = await open();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let begun!: () => void;
    const begunP = new Promise<void>((r) => { begun = r; });
    const tx = store.transaction(async (t) => {
      await t.query('SELECT 1');
      begun();
      await gate;
      await t.query('SELECT 2');
    });
    await begunP;
    // Waits on PGlite's mutex in the worker: pending when the worker goes.
    const pending = store.query('SELECT 3');
    await store.worker.terminate();
    for (const p of [pending, store.query('SELECT 4'), store.exec('SELECT 5'), store.dump(), store.transaction(async () => {})]) {
      await assert.rejects(p, (e: unknown) => e instanceof StoreError && e.code === 'worker_exit' && /PGlite worker exited/.test(e.message));
    }
    release();
    await assert.rejects(tx, (e: unknown) => e instanceof StoreError && e.code === 'worker_exit');
    await store.close();
  });

  it('after close(), calls reject with StoreError closed', async () => {
    const store = await open();
    await store.close();
    await assert.rejects(store.query('SELECT 1'), (e: unknown) => e instanceof StoreError && e.code === 'closed');
    await store.close();
  });
});
