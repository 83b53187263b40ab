// The rate-limit buckets, what each is keyed by, and their defaults. A bucket is one
// counter per key: `points` takes per `seconds`-long fixed window, and optionally a
// small burst allowance spent only once the window is used up (BurstyRateLimiter).
// Windows are whole seconds because the Redis limiter expires keys with EX (seconds).

export const BUCKETS = ['connect', 'join', 'action', 'chat', 'guest', 'read'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface Window {
  points: number;
  seconds: number;
}

export interface RateSpec extends Window {
  /** Extra takes allowed per `burst.seconds` once the main window is exhausted. */
  burst?: Window;
}

/**
 * Defaults, chosen so a real player never meets them and a script does:
 * - connect, per IP: 20 per 10 s. A page load opens one socket; reconnect backoff is
 *   seconds apart. 20 leaves room for a household or office behind one NAT.
 * - join, per IP: 50 per 10 s. Lobby + a few tables + player topic per device; table
 *   hopping through the lobby stays far below it.
 * - action, per player: 20 per second plus a burst of 10 per 10 s. The fastest human
 *   play (slots autospin, roulette chips) is a few per second; the burst absorbs a client
 *   flushing queued actions after a network hiccup.
 * - chat, per player: 5 per 10 s. Conversation speed; a flood is spam.
 * - guest, per IP: 10 per minute. Each guest is an account with play money; a script
 *   minting guests is the abuse this stops.
 * - read, per player: 5 per second plus a burst of 20 per 10 s, for requests that only
 *   read — GET /api/me, GET /api/rounds (up to 100 rounds with their steps), a table's
 *   `resume`, the player channel's `balance`. The play page makes two after each round
 *   it played; a reconnect resumes every table at once, which the burst absorbs.
 */
export const DEFAULT_RATES: Readonly<Record<Bucket, RateSpec>> = {
  connect: { points: 20, seconds: 10 },
  join: { points: 50, seconds: 10 },
  action: { points: 20, seconds: 1, burst: { points: 10, seconds: 10 } },
  chat: { points: 5, seconds: 10 },
  guest: { points: 10, seconds: 60 },
  read: { points: 5, seconds: 1, burst: { points: 20, seconds: 10 } },
};

/** What each bucket is keyed by: 'ip' means ipKey(address) (IPv6 by /64), 'player' the player id. */
export const KEYED_BY: Readonly<Record<Bucket, 'ip' | 'player'>> = {
  connect: 'ip',
  join: 'ip',
  action: 'player',
  chat: 'player',
  guest: 'ip',
  read: 'player',
};

/** The `rate_limited` message, one per bucket, so the client can say what to slow down. */
export const MESSAGES: Readonly<Record<Bucket, string>> = {
  connect: 'too many connections from your address',
  join: 'too many joins from your address',
  action: 'too many actions',
  chat: 'too many chat messages',
  guest: 'too many guest sign-ups from your address',
  read: 'too many requests',
};
