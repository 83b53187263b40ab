// Table limits shared by every game adapter: a stake must be a positive integer of minor
// units within [minBet, maxBet]. Returns a RuleError with the contract's reason.
import { ruleError, type RuleError } from '../../games/types.ts';
import type { TableConfig } from '../tables/types.ts';

export function checkStake(amount: unknown, cfg: TableConfig, field = 'amount'): RuleError | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return ruleError('invalid_payload', `${field} must be an integer amount in minor units`);
  if (amount <= 0) return ruleError('invalid_payload', `${field} must be positive`);
  if (amount < cfg.minBet) return ruleError('below_min', `${field} ${amount} is below the table minimum of ${cfg.minBet}`);
  if (amount > cfg.maxBet) return ruleError('above_max', `${field} ${amount} is above the table maximum of ${cfg.maxBet}`);
  return null;
}
