// The client's `act` payload (docs/protocol.md: `{"action": "raise", "amount": 300}`)
// as an engine action. `timeout` is not accepted from clients: only the table's timer
// produces it, so a client cannot pass its decision off as a timeout in the journal.
import { ruleError, type RuleError } from '../types.ts';
import type { HoldemAction } from './types.ts';

const CLIENT_ACTIONS = ['fold', 'check', 'call', 'bet', 'raise', 'all_in'] as const;

export function parseAction(seat: number, raw: unknown): HoldemAction | RuleError {
  if (typeof raw !== 'object' || raw === null) return ruleError('invalid_payload', 'An action is an object.');
  const { action, amount } = raw as { action?: unknown; amount?: unknown };
  const type = CLIENT_ACTIONS.find((a) => a === action);
  if (!type) return ruleError('invalid_payload', `action must be one of ${CLIENT_ACTIONS.join(', ')}.`);
  if (type !== 'bet' && type !== 'raise') return { type, seat };
  if (!Number.isSafeInteger(amount) || (amount as number) < 1) {
    return ruleError('invalid_payload', `A ${type} needs an amount: the whole chips to raise to.`);
  }
  return { type, seat, amount: amount as number };
}
