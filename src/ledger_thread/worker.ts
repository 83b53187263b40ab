// The ledger's thread: opens the store and runs the Ledger, answering the main thread's
// calls (protocol.ts). Why a thread of its own: a ledger call is a transaction of several
// statements, each a round trip to the database, and on the main thread every round trip
// waits for a turn of an event loop busy with thousands of sockets — under load a call's
// latency was (statements × a loop turn), not the database's. Here the loop turns for the
// database alone; the main thread pays one message each way per call (docs/performance.md).
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/index.ts';
import { Ledger } from '../ledger/index.ts';
import { casinoReplayers } from '../casino/index.ts';
import { errorToWire, type LedgerThreadInit, type Reply, type Request } from './protocol.ts';

const init = workerData as LedgerThreadInit;
const port = parentPort!;
const reply = (r: Reply) => port.postMessage(r);

/** Names a call may use: methods of the ledger and its parts, never the object machinery. */
const FORBIDDEN = new Set(['constructor', '__proto__', 'prototype', 'then']);

function resolve(root: object, path: string[]): { self: object; fn: (...a: unknown[]) => unknown } {
  let self: unknown = root;
  for (let i = 0; i < path.length - 1; i++) self = step(self, path[i]!);
  const fn = step(self, path[path.length - 1]!);
  if (typeof fn !== 'function') throw new TypeError(`ledger.${path.join('.')} is not a method`);
  return { self: self as object, fn: fn as (...a: unknown[]) => unknown };
}

function step(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object' || FORBIDDEN.has(name) || !(name in obj) || name in Object.prototype) {
    throw new TypeError(`the ledger has no ${name}`);
  }
  return (obj as Record<string, unknown>)[name];
}

async function main(): Promise<void> {
  let ledger: Ledger;
  try {
    const store = await openStore(init.database, { poolSize: init.poolSize });
    // The embedded database's own thread died: say so and end; the main thread's
    // supervisor restarts the ledger on a new thread.
    store.onFailure?.((err) => {
      reply({ id: -1, ok: false, error: errorToWire(err) });
      process.exit(1);
    });
    ledger = new Ledger(store, { groupCommit: init.groupCommit, nodeId: init.nodeId, replayers: casinoReplayers(), fenced: init.fenced ?? false });
  } catch (e) {
    reply({ id: 0, ok: false, error: errorToWire(e) });
    return;
  }
  port.on('message', (m: Request) => {
    if (m.op === 'close') {
      ledger.store.close().then(() => reply({ id: m.id, ok: true, value: null }), (e: unknown) => reply({ id: m.id, ok: false, error: errorToWire(e) }));
      return;
    }
    let out: Promise<unknown>;
    try {
      const { self, fn } = resolve(ledger, m.path);
      out = Promise.resolve(fn.apply(self, m.args));
    } catch (e) {
      out = Promise.reject(e);
    }
    out.then(
      (value) => {
        try {
          reply({ id: m.id, ok: true, value });
        } catch (e) {
          reply({ id: m.id, ok: false, error: errorToWire(e) }); // a value structured clone cannot copy
        }
      },
      (e: unknown) => reply({ id: m.id, ok: false, error: errorToWire(e) }),
    );
  });
  reply({ id: 0, ok: true, value: null });
}

void main();
