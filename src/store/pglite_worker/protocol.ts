// The messages between the main thread's PgliteStore (../pglite.ts) and the worker
// that owns PGlite (worker.ts). Each call carries an id and gets exactly one reply
// with that id; `begin` alone gets none, so opening a transaction costs no round trip
// (the worker queues the transaction's statements until PGlite's BEGIN has run).
// Values cross by structured clone: rows are plain objects whose int8 the worker has
// already parsed to safe numbers (../parsers.ts); Dates and Uint8Arrays survive it.

/** What the worker is started with (workerData). */
export interface WorkerInit {
  /** A data directory on disk; undefined → in memory. */
  dataDir?: string;
  /** A dumped data directory (tarball) to start from: the in-memory template. */
  loadFile?: string;
}

export type Request =
  | { op: 'query'; id: number; sql: string; params: unknown[]; tx?: number }
  | { op: 'exec'; id: number; sql: string; tx?: number }
  /** Opens transaction `tx`; no reply (its statements and its `end` report any failure). */
  | { op: 'begin'; tx: number }
  /** Commits (or rolls back) transaction `tx` once its statements are done. */
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'dump'; id: number }
  | { op: 'close'; id: number };

/** id 0 answers the start: PGlite is open (or failed to open). */
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** An error as it crosses the thread: what callers decide on (SQLSTATE and friends). */
export interface WireError {
  name: string;
  message: string;
  fields: Record<string, string | number>;
}

// The fields of a PostgreSQL error (PGlite's DatabaseError, as pg's) worth keeping.
const FIELDS = ['code', 'detail', 'hint', 'constraint', 'schema', 'table', 'column', 'dataType', 'severity', 'where', 'routine', 'position'];

export function toWire(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const f of FIELDS) {
    const v = (e as unknown as Record<string, unknown>)[f];
    if (typeof v === 'string' || typeof v === 'number') fields[f] = v;
  }
  return { name: e.name, message: e.message, fields };
}

const CTORS: Record<string, ErrorConstructor> = { RangeError, TypeError, SyntaxError };

/** The error again, on this side: same class for the built-in ones, same name and fields. */
export function fromWire(w: WireError): Error {
  const err = new (CTORS[w.name] ?? Error)(w.message);
  if (err.name !== w.name) err.name = w.name;
  return Object.assign(err, w.fields);
}
