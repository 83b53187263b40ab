// The rate limits' settings, as data config owns: the buckets, their defaults, and the
// grammar of their environment variables — pure, so src/config.ts folds the issues into
// its ConfigError and src/casino/limits applies the result. One variable per bucket, e.g.
//   PITBOSS_RATE_ACTIONS=20/1s+10/10s    20 per second, plus 10 more per 10 s as a burst
//   PITBOSS_RATE_GUESTS=10/1m            10 per minute
// Grammar: POINTS "/" [N] UNIT [ "+" POINTS "/" [N] UNIT ], UNIT one of s, m, h.
// There is no "off": every limit stays bounded (STYLE habit 5); set a high one instead.
//
// A bucket is one counter per key: `points` takes per `seconds`-long fixed window, and
// optionally a small burst allowance spent only once the window is used up
// (BurstyRateLimiter). Windows are whole seconds because the Redis limiter expires keys
// with EX (seconds).

export const BUCKETS = ['connect', 'join', 'action', 'chat', 'guest', 'read', 'sign_in'] as const;
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
 * - sign_in, per IP and per account name: 10 per 5 minutes. A person who mistypes a
 *   password retries a few times; a password guesser needs thousands. Counting per
 *   account too stops guessing one account from many addresses.
 */
export const DEFAULT_RATES: Readonly<Record<Bucket, RateSpec>> = {
  connect: { points: 20, seconds: 10 },
  join: { points: 50, seconds: 10 },
  action: { points: 20, seconds: 1, burst: { points: 10, seconds: 10 } },
  chat: { points: 5, seconds: 10 },
  guest: { points: 10, seconds: 60 },
  read: { points: 5, seconds: 1, burst: { points: 20, seconds: 10 } },
  sign_in: { points: 10, seconds: 300 },
};

export const RATE_ENV: Readonly<Record<Bucket, string>> = {
  connect: 'PITBOSS_RATE_CONNECTS',
  join: 'PITBOSS_RATE_JOINS',
  action: 'PITBOSS_RATE_ACTIONS',
  chat: 'PITBOSS_RATE_CHAT',
  guest: 'PITBOSS_RATE_GUESTS',
  read: 'PITBOSS_RATE_READS',
  sign_in: 'PITBOSS_RATE_SIGN_IN',
};

export const MAX_POINTS = 1_000_000;
/** A day: longer windows are bans, which belong elsewhere. */
export const MAX_SECONDS = 86_400;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const WINDOW = /^(\d+)\s*\/\s*(\d*)\s*([smh])$/i;

function parseWindow(text: string): Window {
  const m = WINDOW.exec(text.trim());
  if (!m) throw new RangeError(`"${text.trim()}" is not of the form 20/1s, 5/10s or 10/1m`);
  const points = Number(m[1]);
  const seconds = (m[2] === '' ? 1 : Number(m[2])) * UNIT_SECONDS[m[3]!.toLowerCase()]!;
  return checkWindow({ points, seconds });
}

function checkWindow(w: Window): Window {
  if (!Number.isSafeInteger(w.points) || w.points < 1 || w.points > MAX_POINTS) {
    throw new RangeError(`points must be from 1 to ${MAX_POINTS}`);
  }
  if (!Number.isSafeInteger(w.seconds) || w.seconds < 1 || w.seconds > MAX_SECONDS) {
    throw new RangeError(`the window must be from 1 s to ${MAX_SECONDS} s`);
  }
  return w;
}

/** The same bounds for a RateSpec built in code (tests, embedders) as for one parsed. */
export function checkRate(spec: RateSpec): RateSpec {
  checkWindow(spec);
  if (spec.burst) {
    checkWindow(spec.burst);
    // A burst window shorter than the main one would just raise the steady rate.
    if (spec.burst.seconds < spec.seconds) throw new RangeError('the burst window must be at least as long as the main window');
  }
  return spec;
}

/** "20/1s+10/10s" → {points: 20, seconds: 1, burst: {points: 10, seconds: 10}}. Throws RangeError. */
export function parseRate(text: string): RateSpec {
  const pieces = text.split('+');
  if (pieces.length > 2) throw new RangeError('at most one "+burst" part');
  const main = parseWindow(pieces[0]!);
  if (pieces.length === 1) return main;
  return checkRate({ ...main, burst: parseWindow(pieces[1]!) });
}

/** The inverse of parseRate, in seconds: for logs and `pitboss config` output. */
export function formatRate(spec: RateSpec): string {
  const w = (x: Window) => `${x.points}/${x.seconds}s`;
  return spec.burst ? `${w(spec)}+${w(spec.burst)}` : w(spec);
}

/**
 * Every bucket's rate: the default unless its variable is set (empty counts as unset,
 * as in loadConfig). Bad values are reported as `NAME: problem` issues, never thrown,
 * so the operator sees every mistake at once.
 */
export function ratesFromEnv(env: Record<string, string | undefined>): { rates: Record<Bucket, RateSpec>; issues: string[] } {
  const rates = { ...DEFAULT_RATES };
  const issues: string[] = [];
  for (const bucket of BUCKETS) {
    const name = RATE_ENV[bucket];
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    try {
      rates[bucket] = parseRate(value);
    } catch (err) {
      issues.push(`${name}: ${(err as Error).message}`);
    }
  }
  return { rates, issues };
}
