// Rate limits for the casino edge: connects, joins and guest sign-ups per IP; actions,
// chat and reads per player. See docs/limits-and-chat.md for the defaults and why.
export { BUCKETS, DEFAULT_RATES, KEYED_BY, type Bucket, type RateSpec, type Window } from './buckets.ts';
export { checkRate, formatRate, parseRate, ratesFromEnv, RATE_ENV, MAX_POINTS, MAX_SECONDS } from './config.ts';
export { ipKey, UNKNOWN_IP } from './keys.ts';
export { Limits, type CheckResult, type LimitsOptions } from './limits.ts';
