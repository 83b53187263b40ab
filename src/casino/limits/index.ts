// Rate limits for the casino edge: connects, joins and guest sign-ups per IP; actions,
// chat and reads per player. See docs/limits-and-chat.md for the defaults and why.
export { KEYED_BY } from './buckets.ts';
// The buckets, their defaults and their grammar are settings (config owns them); re-exported as part of the limits' surface.
export { BUCKETS, DEFAULT_RATES, checkRate, formatRate, parseRate, ratesFromEnv, RATE_ENV, MAX_POINTS, MAX_SECONDS, type Bucket, type RateSpec, type Window } from '../../config/rates.ts';
export { ipKey, UNKNOWN_IP } from './keys.ts';
export { Limits, type CheckResult, type LimitsOptions } from './limits.ts';
