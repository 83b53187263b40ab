// Boundary validation of act payloads with zod, mapped to the contract's invalid_payload.
import type { z } from 'zod';
import { ruleError, type RuleError } from '../../games/types.ts';

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): { ok: true; value: T } | RuleError {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return ruleError('invalid_payload', `${where}${issue.message}`);
}
