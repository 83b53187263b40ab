// The `act` payload at the boundary: `{action, key?, ...fields}`. The action must be one
// the table's game defines (else `invalid_action`, the same in every game), its fields
// must match that action's strict schema (else `invalid_payload`: unknown fields, wrong
// types), and the key is a short printable token. What comes out — the action name and
// its parsed fields, without the key — is all the table sees and all it journals.
import { z } from 'zod';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { JsonObject } from '../../wire/index.ts';
import type { TableGame } from './types.ts';

/** An idempotency key: 1–64 printable ASCII characters (a UUID fits). */
export const IdempotencyKey = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The two fields every act has; the rest is parsed strictly by the action's own schema. */
const Head = z.object({ action: z.string().min(1).max(32), key: IdempotencyKey.optional() }).strict();

/** Strict schemas of each action's fields (without `action` and `key`), by action name. */
export type ActionSchemas = Readonly<Record<string, z.ZodType<JsonObject>>>;

/**
 * An amount field: a positive safe integer of minor units, refused with `invalid_payload`
 * here, before any game sees it. Left to the games, a float or negative amount was
 * answered by whatever the game checked first — a blackjack `bet` mid-hand got
 * `round_closed` — instead of the contract's `invalid_payload` in every phase and game.
 * The games keep their own checks (table minimum and maximum, multiples of the paylines).
 */
export const Amount = z.number().int().positive();

export interface ParsedAct {
  action: JsonObject & { action: string };
  key: string | null;
}

export function parseAct(game: Pick<TableGame<unknown>, 'game' | 'actions'>, payload: JsonObject): ParsedAct {
  const { action, key, ...fields } = payload;
  const head = parseOrRefuse(Head, { action, ...(key !== undefined ? { key } : {}) });
  const schema = Object.hasOwn(game.actions, head.action) ? game.actions[head.action] : undefined;
  if (schema === undefined) {
    throw new PitbossError('invalid_action', `${game.game} has no action "${head.action}"; it takes ${Object.keys(game.actions).join(', ')}`);
  }
  return { action: { ...parseOrRefuse(schema, fields), action: head.action }, key: head.key ?? null };
}
