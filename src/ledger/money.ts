// Amounts and account ids. Money is an integer number of minor units. The API takes and
// returns JS numbers, but only safe integers: a float, NaN or an amount beyond 2^53 is
// rejected rather than rounded (SQL holds bigint; parsers.ts refuses unsafe reads).
import { PitbossError } from '../errors.ts';

// 'terminal': a cabinet's credit meter (migration 110, src/casino/terminals/cash.ts).
export type AccountKind = 'player' | 'house' | 'escrow' | 'jackpot' | 'promotion' | 'external' | 'terminal';
const KINDS: ReadonlySet<string> = new Set(['player', 'house', 'escrow', 'jackpot', 'promotion', 'external', 'terminal']);
/** Only the outside world (cash in/out) and the house bankroll may be negative. */
export const OVERDRAFT_KINDS: ReadonlySet<string> = new Set(['external', 'house']);

export function amount(v: unknown, what = 'amount', opts: { zero?: boolean; negative?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new PitbossError('invalid_payload', `${what} must be a safe integer of minor units`, { field: what });
  }
  if (v === 0 && !opts.zero) throw new PitbossError('invalid_payload', `${what} must not be zero`, { field: what });
  if (v < 0 && !opts.negative) throw new PitbossError('invalid_payload', `${what} must not be negative`, { field: what });
  return v;
}

/** Sums exactly (bigint), so a sum of safe integers cannot round on its way to zero. */
export function exactSum(values: number[]): bigint {
  return values.reduce((s, v) => s + BigInt(v), 0n);
}

export function currency(v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Z][A-Z0-9_]{1,15}$/.test(v)) {
    throw new PitbossError('invalid_payload', 'currency must be an upper-case code like EUR or PLAY', { field: 'currency' });
  }
  return v;
}

function owner(v: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 200 || /\s/.test(v)) {
    throw new PitbossError('invalid_payload', 'account owner must be a non-empty id without spaces', { field: 'owner' });
  }
  return v;
}

export function accountId(kind: AccountKind, ownerId: string, ccy: string): string {
  return `${kind}:${owner(ownerId)}:${currency(ccy)}`;
}

export interface ParsedAccount {
  id: string;
  kind: AccountKind;
  owner: string;
  currency: string;
}

export function parseAccountId(id: string): ParsedAccount {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  const kind = id.slice(0, first);
  if (first <= 0 || last <= first + 1 || !KINDS.has(kind)) {
    throw new PitbossError('invalid_payload', `not an account id: ${id}`, { field: 'account' });
  }
  return { id, kind: kind as AccountKind, owner: owner(id.slice(first + 1, last)), currency: currency(id.slice(last + 1)) };
}

/** Deterministic JSON (sorted keys): hashes of it are stable across jsonb round trips. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
