// What each rate-limit bucket is keyed by, and what a refusal says. The buckets, their
// defaults and the grammar of their settings are configuration's (src/config/rates.ts).
import type { Bucket } from '../../config/rates.ts';

/**
 * What each bucket is keyed by: 'ip' means ipKey(address) (IPv6 by /64), 'player' the
 * player id; 'ip and account' is taken twice, once per address and once per account name.
 */
export const KEYED_BY: Readonly<Record<Bucket, 'ip' | 'player' | 'ip and account'>> = {
  connect: 'ip',
  join: 'ip',
  action: 'player',
  chat: 'player',
  guest: 'ip',
  read: 'player',
  sign_in: 'ip and account',
};

/** The `rate_limited` message, one per bucket, so the client can say what to slow down. */
export const MESSAGES: Readonly<Record<Bucket, string>> = {
  connect: 'too many connections from your address',
  join: 'too many joins from your address',
  action: 'too many actions',
  chat: 'too many chat messages',
  guest: 'too many guest sign-ups from your address',
  read: 'too many requests',
  sign_in: 'too many sign-in attempts',
};
