// The store's own errors, and the classes of database errors the layers above decide on.
// The store never speaks to clients: it throws StoreError with a stable `code` (or lets a
// driver's error through), and the ledger turns what a client may hear into a
// PitbossError (src/ledger/runner.ts).

// The one catalogue of store error codes, each with what it means.
export const StoreErrorCodes = {
  queue_full: 'the group-commit queue is at its bound (maxQueue); the write was refused before it ran',
  worker_exit: 'the thread that runs the embedded database (PGlite) stopped; its pending and later calls fail',
  closed: 'the store was closed',
} as const;

export type StoreErrorCode = keyof typeof StoreErrorCodes;

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string = StoreErrorCodes[code], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

// SQLSTATE class 22 (data exception: a string PostgreSQL cannot store, a number out of
// range) and 23 (integrity constraint violation) are about the values of one request —
// refused values, not a broken store — so a caller may answer that request with an error
// and go on.
export function sqlState(err: unknown): string | null {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

export function isDataError(err: unknown): boolean {
  const code = sqlState(err);
  return code !== null && (code.startsWith('22') || code.startsWith('23'));
}
