// The messages between the main thread's ledger (client.ts) and the thread that runs it
// (worker.ts). A call names a method by its path on the Ledger (`['rounds', 'open']`)
// and carries its arguments; it gets exactly one reply with its id. Values cross by
// structured clone, so a ledger call takes and returns plain data (which it already
// did: its callers are table processes that journal what they send). Errors cross as
// what callers decide on: a PitbossError's reason and details, a StoreError's code, a
// database error's SQLSTATE and fields.
import { PitbossError, isReason } from '../errors.ts';
import { StoreError, StoreErrorCodes, type StoreErrorCode, type StoreTarget } from '../store/index.ts';
import { fromWire, toWire, type WireError } from '../store/pglite_worker/protocol.ts';

/** What the thread is started with (workerData). */
export interface LedgerThreadInit {
  database: StoreTarget;
  /** PostgreSQL only: connections in the pool. */
  poolSize?: number;
  groupCommit: boolean;
  nodeId: string;
  /** Cluster mode: rounds written under the fencing tokens of this node's claims (ledger/fences.ts). */
  fenced?: boolean;
}

export type Request = { id: number; op: 'call'; path: string[]; args: unknown[] } | { id: number; op: 'close' };

/** id 0 answers the start; id -1 (no call) says the store failed and the thread is ending. */
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError };

export type ThreadError =
  | { kind: 'pitboss'; reason: string; message: string; details: Record<string, unknown>; name: string }
  | { kind: 'store'; code: string; message: string }
  | { kind: 'other'; error: WireError };

export function errorToWire(e: unknown): ThreadError {
  if (e instanceof PitbossError) return { kind: 'pitboss', reason: e.reason, message: e.message, details: plain(e.details), name: e.name };
  if (e instanceof StoreError) return { kind: 'store', code: e.code, message: e.message };
  return { kind: 'other', error: toWire(e) };
}

/** The error again, on this side, of the class its callers test for. */
export function errorFromWire(w: ThreadError): Error {
  if (w.kind === 'pitboss' && isReason(w.reason)) {
    // The subclass's name crosses (StaleOwnerError: a table process learns it is stale by it).
    const e = new PitbossError(w.reason, w.message, w.details);
    e.name = w.name;
    return e;
  }
  if (w.kind === 'store' && Object.hasOwn(StoreErrorCodes, w.code)) return new StoreError(w.code as StoreErrorCode, w.message);
  if (w.kind === 'other') return fromWire(w.error);
  return new Error(w.message);
}

/** Details are data; anything structured clone cannot copy is dropped rather than failing the reply. */
function plain(d: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(d);
  } catch {
    return JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
  }
}
