// Parse or refuse: the one way a value from the network becomes a typed value. Every
// channel event and HTTP route parses its input with a strict zod schema through this
// helper, so a refusal always reads the same — reason `invalid_payload`, message
// "<path>: <problem>" — and nothing unparsed goes further.
import type { z } from 'zod';
import { PitbossError } from './errors.ts';

/** "<path>: <problem>" for the first issue (the path is left out at the top level). */
export function describeIssue(error: z.ZodError): string {
  const i = error.issues[0]!;
  return `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`;
}

/** The parsed value, or a PitbossError('invalid_payload') naming the first problem. */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new PitbossError('invalid_payload', describeIssue(r.error));
}
