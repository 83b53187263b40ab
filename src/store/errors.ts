// Classes of database errors the layers above decide on. SQLSTATE class 22 (data
// exception: a string PostgreSQL cannot store, a number out of range) and 23 (integrity
// constraint violation) are about the values of one request — refused values, not a
// broken store — so a caller may answer that request with an error and go on.
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
