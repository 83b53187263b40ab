// One typed, validated configuration, read from the environment (and CLI flags that
// override it). Everything else receives a Config; nothing else reads process.env.
// Config imports nothing of the layers it configures: the grammars and defaults it reads
// are data in ./config/ (the casino and the edge read them from there too), so loading a
// Config loads no casino, store or HTTP code.
import { z } from 'zod';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ratesFromEnv, type Bucket, type RateSpec } from './config/rates.ts';
import { DEFAULT_BLOCKED_WORDS, DEFAULT_HISTORY, DEFAULT_MAX_LENGTH, MAX_HISTORY, MAX_MAX_LENGTH, parseBlockedList } from './config/chat.ts';
import { DEFAULT_JWKS_ALGORITHMS, JWKS_ALGORITHMS } from './config/jwks.ts';
import { parseTrustProxy, type TrustProxy } from './config/trust_proxy.ts';

const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .refine((s) => s === 'memory://' || /^postgres(ql)?:\/\//.test(s), {
      message: 'must be memory:// or a postgres:// URL',
    })
    .optional(),
  PITBOSS_DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\//.test(s), { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  PITBOSS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PITBOSS_ORIGINS: z.string().optional(),
  PITBOSS_TOKEN_TTL: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  PITBOSS_JWKS_URL: z.string().url().optional(),
  PITBOSS_JWT_ISSUER: z.string().min(1).optional(),
  PITBOSS_JWT_AUDIENCE: z.string().min(1).optional(),
  PITBOSS_JWT_ALGORITHMS: z.string().optional(),
  PITBOSS_TRUST_PROXY: z.string().optional(),
  PITBOSS_BETTING_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PITBOSS_JACKPOT_TICK_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  PITBOSS_TURN_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PITBOSS_SEAT_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // A single-player table with nothing in progress hibernates after this quiet time (0: never).
  PITBOSS_TABLE_HIBERNATE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  PITBOSS_CHAT_MAX_LENGTH: z.coerce.number().int().min(1).max(MAX_MAX_LENGTH).default(DEFAULT_MAX_LENGTH),
  PITBOSS_CHAT_HISTORY: z.coerce.number().int().min(0).max(MAX_HISTORY).default(DEFAULT_HISTORY),
  PITBOSS_CHAT_BLOCKED: z.string().optional(),
  PITBOSS_GUEST_BALANCE: z.coerce.number().int().min(0).max(1e12).default(100000),
  // Embedded in Redis keys and log lines (src/cluster/keys.ts has the same pattern).
  PITBOSS_NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 . _ -').optional(),
  PITBOSS_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 : . _ -').default('pitboss:'),
  PITBOSS_LEASE_MS: z.coerce.number().int().min(200).max(60_000).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
});

/** Which database; shaped as src/store's StoreTarget, which openStore takes (the compiler checks they fit). */
export type Database =
  | { kind: 'pglite'; dataDir: string }
  /** `template`: a folder where a migrated empty database is cached, so the next in-memory store starts from it (tests) */
  | { kind: 'pglite-memory'; template?: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: Database;
  dataDir: string;
  redisUrl: string | undefined;
  /**
   * Cluster mode (REDIS_URL set): the prefix of every Redis key and channel of this cluster
   * (rate limits included), and the node lease time — a node silent this long is down.
   */
  cluster: { prefix: string; leaseMs: number };
  /**
   * PITBOSS_SECRET. Unset (never in production): startServer generates one and keeps it
   * in the data directory (src/casino/auth/secret.ts); there is no built-in secret.
   */
  secret: string | undefined;
  /** Allowed WebSocket origins; empty means any origin is accepted. */
  origins: string[];
  /**
   * PITBOSS_NODE_ID, else `node-<8 random hex>` drawn at each start: unique in a cluster,
   * never the pid alone (the same in every container). Rounds are stamped with it.
   */
  nodeId: string;
  /** Lifetime of tokens this server issues, in seconds. */
  tokenTtl: number;
  /** An operator's own token issuer: tokens signed by keys from this JWKS are accepted too. */
  jwks: { url: string; issuer: string | undefined; audience: string; algorithms: string[] } | undefined;
  /** Which proxies may name the client in X-Forwarded-For (HTTP and WebSocket); false: none. */
  trustProxy: TrustProxy;
  /** Play money credited to a new guest, in minor units. */
  guestBalance: number;
  /** Betting window of shared roulette and baccarat tables (ms); unset: each game's default. */
  bettingMs: number | undefined;
  /** How often jackpot meters are checked and broadcast when they moved (ms); at least every 30 s regardless. */
  jackpotTickMs: number;
  /** Time a player has to act on their turn before the table acts for them (ms); unset: game default. */
  turnMs: number | undefined;
  /** how long a disconnected player keeps the seat (sitting out meanwhile) */
  seatGraceMs: number;
  tableHibernateMs: number;
  /** Rate limits per bucket (connect, join, action, chat, guest); PITBOSS_RATE_* overrides. */
  rates: Record<Bucket, RateSpec>;
  /** `blocked`: the list's syntax is checked here; each word's canonical form when the chat builds its matcher (startServer). */
  chat: { maxLength: number; history: number; blocked: string[] };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as shells and .env files often produce them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const { rates, issues } = ratesFromEnv(cleaned);
  let blocked: string[] = DEFAULT_BLOCKED_WORDS.slice();
  try {
    if (cleaned['PITBOSS_CHAT_BLOCKED'] !== undefined) blocked = parseBlockedList(cleaned['PITBOSS_CHAT_BLOCKED']);
  } catch (err) {
    issues.push(`PITBOSS_CHAT_BLOCKED: ${(err as Error).message}`);
  }
  if (parsed.success) issues.push(...securityIssues(parsed.data));
  let trustProxy: TrustProxy = false;
  try {
    if (cleaned['PITBOSS_TRUST_PROXY'] !== undefined) trustProxy = parseTrustProxy(cleaned['PITBOSS_TRUST_PROXY']);
  } catch (err) {
    issues.push(`PITBOSS_TRUST_PROXY: ${(err as Error).message}`);
  }
  if (!parsed.success || issues.length > 0) {
    throw new ConfigError([...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)), ...issues]);
  }
  const e = parsed.data;
  const dataDir = resolve(e.PITBOSS_DATA_DIR);
  const database: Database =
    e.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') }
      : e.DATABASE_URL === 'memory://'
        ? { kind: 'pglite-memory', ...(cleaned['PITBOSS_PGLITE_TEMPLATE'] !== undefined ? { template: cleaned['PITBOSS_PGLITE_TEMPLATE'] } : {}) }
        : { kind: 'postgres', url: e.DATABASE_URL };
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    dataDir,
    redisUrl: e.REDIS_URL,
    cluster: { prefix: e.PITBOSS_REDIS_PREFIX, leaseMs: e.PITBOSS_LEASE_MS },
    secret: e.PITBOSS_SECRET,
    origins: e.PITBOSS_ORIGINS ? e.PITBOSS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) : [],
    nodeId: e.PITBOSS_NODE_ID ?? `node-${randomBytes(4).toString('hex')}`,
    tokenTtl: e.PITBOSS_TOKEN_TTL,
    jwks: e.PITBOSS_JWKS_URL
      ? { url: e.PITBOSS_JWKS_URL, issuer: e.PITBOSS_JWT_ISSUER, audience: e.PITBOSS_JWT_AUDIENCE!, algorithms: jwksAlgorithms(e.PITBOSS_JWT_ALGORITHMS) }
      : undefined,
    trustProxy,
    guestBalance: e.PITBOSS_GUEST_BALANCE,
    bettingMs: e.PITBOSS_BETTING_MS,
    rates,
    chat: { maxLength: e.PITBOSS_CHAT_MAX_LENGTH, history: e.PITBOSS_CHAT_HISTORY, blocked },
    turnMs: e.PITBOSS_TURN_MS,
    seatGraceMs: e.PITBOSS_SEAT_GRACE_MS,
    tableHibernateMs: e.PITBOSS_TABLE_HIBERNATE_MS,
    jackpotTickMs: e.PITBOSS_JACKPOT_TICK_MS,
    logLevel: e.LOG_LEVEL,
  };
}

const jwksAlgorithms = (text: string | undefined): string[] =>
  text === undefined ? [...DEFAULT_JWKS_ALGORITHMS] : text.split(',').map((a) => a.trim()).filter(Boolean);

/** Settings that would let someone else mint tokens: refused, each on one line. */
function securityIssues(e: z.infer<typeof EnvSchema>): string[] {
  const issues: string[] = [];
  // A generated secret lives on one machine's disk; production needs one the operator
  // manages (and every node of a cluster shares).
  if (e.NODE_ENV === 'production' && e.PITBOSS_SECRET === undefined) {
    issues.push('PITBOSS_SECRET: required when NODE_ENV=production (at least 32 random characters, e.g. `openssl rand -base64 32`)');
  }
  if (e.PITBOSS_JWKS_URL !== undefined) {
    // Without an audience, any token the operator's issuer signs for any other service would open a session here.
    if (e.PITBOSS_JWT_AUDIENCE === undefined) issues.push('PITBOSS_JWT_AUDIENCE: required with PITBOSS_JWKS_URL (the `aud` your issuer puts in tokens meant for Pitboss)');
    // Asymmetric only: an HMAC algorithm would verify with key material the issuer publishes.
    const algs = jwksAlgorithms(e.PITBOSS_JWT_ALGORITHMS);
    const bad = algs.filter((a) => !(JWKS_ALGORITHMS as readonly string[]).includes(a));
    if (bad.length > 0 || algs.length === 0) {
      issues.push(`PITBOSS_JWT_ALGORITHMS: ${bad.length > 0 ? `${bad.join(', ')} not allowed` : 'empty'}; choose from ${JWKS_ALGORITHMS.join(', ')}`);
    }
  }
  return issues;
}
