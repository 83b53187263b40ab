// The error catalogue: every reason a client can receive, with a stable snake_case
// code and a default human message. Replies, HTTP answers and docs/protocol.md use
// these; test/errors.test.ts checks the docs list every one.
export const Reasons = {
  invalid_payload: 'The message payload is malformed or has fields of the wrong type.',
  invalid_action: 'That action is not allowed now.',
  not_your_turn: 'It is not your turn.',
  not_seated: 'You are not seated at this table.',
  table_full: 'The table has no free seat.',
  table_limit: 'You have as many private tables open as a player may.',
  seat_taken: 'That seat is taken.',
  already_seated: 'You are already seated at this table.',
  insufficient_funds: 'Your balance is too low for that amount.',
  below_min: 'The amount is below the table minimum.',
  above_max: 'The amount is above the table maximum.',
  round_closed: 'The round no longer accepts that action.',
  table_closing: 'This table is closing after the current round.',
  key_pending: 'The first action sent with this key has no answer yet: it is still running or was interrupted. Check your rounds and use a new key.',
  rate_limited: 'Too many requests; slow down.',
  unauthorized: 'A valid token is required.',
  forbidden: 'You may not do that.',
  not_found: 'No such resource.',
  too_old: 'Those events are no longer held; take a fresh state.',
  // Socket-level reasons keep Phoenix's own strings (phoenix-v2.md, dispatch table), so
  // clients written for Phoenix recognise them.
  'unmatched topic': 'No channel serves that topic.',
  'too many channels joined': 'Too many channels joined on this socket.',
  join_crashed: 'The channel crashed while joining.',
  unknown_event: 'The channel does not handle that event.',
  timeout: 'The operation timed out.',
  unavailable: 'The service is temporarily unavailable.',
  internal_error: 'Something went wrong on the server; nothing was changed.',
} as const;

export type Reason = keyof typeof Reasons;

/** A domain error that maps to a client reply `{reason, message, ...details}` at the edge. */
export class PitbossError extends Error {
  readonly reason: Reason;
  readonly details: Record<string, unknown>;
  constructor(reason: Reason, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message ?? Reasons[reason], options);
    this.name = 'PitbossError';
    this.reason = reason;
    this.details = details;
  }
  toReply(): { reason: Reason; message: string } & Record<string, unknown> {
    return { ...this.details, reason: this.reason, message: this.message };
  }
}

export function isReason(s: unknown): s is Reason {
  return typeof s === 'string' && Object.hasOwn(Reasons, s);
}

/** The reply for any thrown value: PitbossErrors keep their reason, anything else is internal. */
export function toErrorReply(err: unknown): { reason: Reason; message: string } & Record<string, unknown> {
  if (err instanceof PitbossError) return err.toReply();
  return { reason: 'internal_error', message: Reasons.internal_error };
}
