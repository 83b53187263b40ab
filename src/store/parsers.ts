// Type parsing shared by both adapters. Money is bigint in SQL; in JS we hand out
// numbers, but only when they are exactly representable: an int8 beyond 2^53 would
// silently lose units, so it is an error instead.
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  return n;
}
