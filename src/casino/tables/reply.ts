// The one value a table answers with. A refusal — a game's RuleError, a rule of the room
// (not seated, a round still running) or the ledger saying no before money moved — is
// carried as data from where it is decided to the channel, and only the channel turns it
// into an error frame (`unwrap`). Inside the table process a refusal never throws: a
// throw there is a crash, and a crash is for faults (room.ts's failure policy).
import type { RuleError } from '../../games/types.ts';
import { PitbossError, isReason, type Reason } from '../../errors.ts';

export type Refusal = { reason: Reason; message: string } & Record<string, unknown>;

export type TableReply<T = unknown> = { ok: true; value: T } | { ok: false; error: Refusal };

export const answered = <T>(value: T): TableReply<T> => ({ ok: true, value });

/** A refusal decided by a game, the room, or a PitbossError the ledger raised before money moved. */
export function refused(e: RuleError | PitbossError): { ok: false; error: Refusal } {
  if (e instanceof PitbossError) return { ok: false, error: e.toReply() };
  return { ok: false, error: { reason: isReason(e.reason) ? e.reason : 'invalid_action', message: e.message } };
}

/** At the channel: the value, or the refusal raised as the error the channel replies with. */
export function unwrap<T>(r: TableReply): T {
  if (r.ok) return r.value as T;
  const { reason, message, ...details } = r.error;
  throw new PitbossError(isReason(reason) ? reason : 'internal_error', message, details);
}
