// The thread that owns PGlite, so that query execution (WASM, result copying, file
// storage growth) never runs on the event loop that serves sockets. It answers the
// requests of protocol.ts. PGlite is one connection: `db.transaction` holds its
// transaction mutex until the main thread ends the transaction, and a plain query or
// exec waits on that mutex meanwhile, exactly as it would in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { INT8_OID, parseInt8 } from '../parsers.ts';
import { toWire, type Reply, type Request, type WorkerInit } from './protocol.ts';

interface OpenTx {
  /** Resolves once BEGIN has run (it may wait for another transaction to end). */
  ready: Promise<Transaction>;
  /** PGlite's transaction call: COMMIT or ROLLBACK done once this settles. */
  done: Promise<void>;
  decide(commit: boolean): void;
}

// Thrown into PGlite's transaction callback to make it roll back; never reaches a caller.
const ROLLBACK = Symbol('rollback');

const port = parentPort!;
const init = workerData as WorkerInit;
const txs = new Map<number, OpenTx>();

function reply(r: Reply): void {
  port.postMessage(r);
}

function answer(id: number, work: Promise<unknown>): void {
  work.then((value) => reply({ id, ok: true, value }), (e: unknown) => reply({ id, ok: false, error: toWire(e) }));
}

function begin(db: PGlite, id: number): void {
  let decide!: (commit: boolean) => void;
  const decided = new Promise<boolean>((r) => { decide = r; });
  let opened!: (t: Transaction) => void;
  let failed!: (e: unknown) => void;
  const ready = new Promise<Transaction>((res, rej) => { opened = res; failed = rej; });
  ready.catch(() => {}); // a failed BEGIN is reported by the transaction's statements and its end
  const done = db.transaction(async (t) => {
    opened(t);
    if (!(await decided)) throw ROLLBACK;
  });
  done.catch(failed);
  txs.set(id, { ready, done, decide });
}

function end(id: number, tx: number, commit: boolean): Promise<void> {
  const open = txs.get(tx);
  if (!open) return Promise.reject(new Error(`transaction ${tx} is not open`));
  txs.delete(tx);
  open.decide(commit);
  return open.done.catch((e: unknown) => {
    if (e !== ROLLBACK) throw e;
  });
}

/** A statement of transaction `tx`, queued behind its BEGIN. */
function inTx(tx: number): Promise<Transaction> {
  const open = txs.get(tx);
  return open ? open.ready : Promise.reject(new Error('Transaction is closed'));
}

async function handle(db: PGlite, m: Request): Promise<void> {
  switch (m.op) {
    case 'query':
      return answer(m.id, m.tx === undefined
        ? db.query(m.sql, m.params).then((r) => r.rows)
        : inTx(m.tx).then((t) => t.query(m.sql, m.params)).then((r) => r.rows));
    case 'exec':
      return answer(m.id, (m.tx === undefined ? db.exec(m.sql) : inTx(m.tx).then((t) => t.exec(m.sql))).then(() => undefined));
    case 'begin':
      return begin(db, m.tx);
    case 'end':
      return answer(m.id, end(m.id, m.tx, m.commit));
    case 'dump': {
      // The tarball's bytes are moved, not copied, to the main thread.
      const bytes = await (await (db.dumpDataDir('none') as Promise<Blob>)).arrayBuffer();
      return port.postMessage({ id: m.id, ok: true, value: bytes } satisfies Reply, [bytes]);
    }
    case 'close':
      return answer(m.id, db.closed ? Promise.resolve() : db.close());
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    const from = init.loadFile === undefined ? {} : { loadDataDir: new Blob([readFileSync(init.loadFile)]) };
    db = await PGlite.create(init.dataDir, { parsers: { [INT8_OID]: parseInt8 }, ...from });
  } catch (e) {
    reply({ id: 0, ok: false, error: toWire(e) });
    return;
  }
  port.on('message', (m: Request) => {
    handle(db, m).catch((e: unknown) => {
      if ('id' in m) reply({ id: m.id, ok: false, error: toWire(e) });
    });
  });
  reply({ id: 0, ok: true, value: null });
}

void main();
