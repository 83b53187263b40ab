// Boundary validation inside an adapter, as a RuleError value (adapters never throw);
// the message format is the project's one (src/parse.ts).
import type { z } from 'zod';
import { ruleError, type RuleError } from '../../games/types.ts';
import { describeIssue } from '../../parse.ts';

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): { ok: true; value: T } | RuleError {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, value: r.data };
  return ruleError('invalid_payload', describeIssue(r.error));
}
