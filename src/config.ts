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
import { readTlsFiles, type TlsFiles } from './config/tls_files.ts';

const port = z.coerce.number().int().min(0).max(65535);
const httpUrl = z.string().url().refine((s) => /^https?:\/\//.test(s), { message: 'must be an http:// or https:// URL' });

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
  PITBOSS_REDIS_TLS_CA: z.string().min(1).optional(),
  PITBOSS_REDIS_TLS_CERT: z.string().min(1).optional(),
  PITBOSS_REDIS_TLS_KEY: z.string().min(1).optional(),
  PITBOSS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PITBOSS_ORIGINS: z.string().optional(),
  PITBOSS_TOKEN_TTL: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  // A staff session lasts a shift by default; at most a week (docs/operations.md).
  PITBOSS_STAFF_SESSION_TTL: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
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
  PITBOSS_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  PITBOSS_LEDGER_THREAD: z.enum(['on', 'off']).default('off'),
  PITBOSS_DB_POOL: z.coerce.number().int().min(1).max(1000).default(10),
  PITBOSS_ALERT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  PITBOSS_ALERT_MEMORY_MB: z.coerce.number().int().min(16).max(1_000_000).default(1536),
  PITBOSS_ALERT_MIN_MESSAGE_RATE: z.coerce.number().min(0).max(1e9).default(0.2),
  PITBOSS_ALERT_MAX_CRASHES: z.coerce.number().int().min(1).max(1_000_000).default(3),
  PITBOSS_ALERT_ROUND_STUCK_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(600_000),
  PITBOSS_ALERT_LEDGER_CHECK_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(600_000),
  PITBOSS_ALERT_WEBHOOK_URL: httpUrl.optional(),
  PITBOSS_ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PITBOSS_ALERT_SLACK_URL: httpUrl.optional(),
  PITBOSS_ALERT_TELEGRAM_API: httpUrl.default('https://api.telegram.org'),
  PITBOSS_ALERT_TELEGRAM_TOKEN: z.string().regex(/^[0-9]+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-def (a bot token)').optional(),
  PITBOSS_ALERT_TELEGRAM_CHAT: z.string().regex(/^-?[0-9]+$|^@[A-Za-z0-9_]{5,}$/, 'must be a chat id or @channel').optional(),
  PITBOSS_ALERT_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  PITBOSS_ALERT_EMAIL_FROM: z.string().email().default('pitboss@localhost'),
  PITBOSS_ALERT_EMAIL_TO: z.string().optional(),
  PITBOSS_VERIFY_INSTALL: z.enum(['off', 'warn', 'enforce']).default('warn'),
  PITBOSS_INSTALL_DIGEST: z.string().regex(/^[0-9a-f]{64}$/, 'must be a manifest root digest (64 hex digits)').optional(),
  // Terminals (docs/operations.md, "Terminals and cash devices").
  PITBOSS_TERMINAL_OFFLINE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  PITBOSS_TERMINAL_HUNG_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  PITBOSS_TERMINAL_LATE_MS: z.coerce.number().int().min(0).max(86_400_000).default(10_000),
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
  /**
   * `on`: the ledger (and its database driver) runs on a thread of its own, so its round
   * trips never wait for a turn of the event loop that serves sockets. Off by default: measured,
   * it gained nothing on PGlite (already in a worker) and cost throughput on PostgreSQL
   * (docs/performance.md, "The ledger on its own thread").
   */
  ledgerThread: boolean;
  /** PostgreSQL: connections in the ledger's pool. */
  dbPool: number;
  dataDir: string;
  redisUrl: string | undefined;
  /** PEM contents for rediss://: the CA that signed Redis's certificate, a client certificate and key (docs/cluster.md). */
  redisTls: TlsFiles | undefined;
  /**
   * Cluster mode (REDIS_URL set): the prefix of every Redis key and channel of this cluster
   * (rate limits included), the node lease time — a node silent this long is down — and
   * how long a draining node waits for its tables to hand over between rounds.
   */
  cluster: { prefix: string; leaseMs: number; drainTimeoutMs: number };
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
  /** Lifetime of a staff session (its token), in seconds. */
  staffSessionTtl: number;
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
  /**
   * Terminals: offline after `offlineMs` without a heartbeat, hung when heartbeats come but
   * their progress counter has not moved for `hungMs`, and an event is late when its
   * terminal time is older than its arrival by more than `lateMs`.
   */
  terminals: { offlineMs: number; hungMs: number; lateMs: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** The start's check of the install against its manifest (src/ops/install_manifest.ts). */
  verifyInstall: 'off' | 'warn' | 'enforce';
  /** The approved manifest's root digest; the manifest found must have it. */
  installDigest: string | undefined;
  /** Alert rules' thresholds and where alerts go (docs/operations.md, "Alerts"). */
  alerts: AlertConfig;
}

export interface AlertConfig {
  intervalMs: number;
  ledgerCheckMs: number;
  thresholds: { memoryBytes: number; minMessageRate: number; maxCrashes: number; roundStuckMs: number };
  webhook?: { url: string; secret?: string };
  slack?: { url: string };
  telegram?: { api: string; token: string; chat: string };
  email?: { smtpUrl: string; from: string; to: string[] };
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
  let redisTls: TlsFiles | undefined;
  if (parsed.success) {
    const t = readTlsFiles({ ca: parsed.data.PITBOSS_REDIS_TLS_CA, cert: parsed.data.PITBOSS_REDIS_TLS_CERT, key: parsed.data.PITBOSS_REDIS_TLS_KEY },
      { ca: 'PITBOSS_REDIS_TLS_CA', cert: 'PITBOSS_REDIS_TLS_CERT', key: 'PITBOSS_REDIS_TLS_KEY' });
    issues.push(...t.issues);
    redisTls = t.files;
    // Certificates for a plain connection would be silently unused: say so instead.
    if (redisTls !== undefined && !parsed.data.REDIS_URL?.startsWith('rediss://')) issues.push('PITBOSS_REDIS_TLS_*: set, but REDIS_URL is not a rediss:// URL');
  }
  if (parsed.success) issues.push(...alertIssues(parsed.data));
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
    ledgerThread: e.PITBOSS_LEDGER_THREAD === 'on',
    dbPool: e.PITBOSS_DB_POOL,
    dataDir,
    redisUrl: e.REDIS_URL,
    redisTls,
    cluster: { prefix: e.PITBOSS_REDIS_PREFIX, leaseMs: e.PITBOSS_LEASE_MS, drainTimeoutMs: e.PITBOSS_DRAIN_TIMEOUT_MS },
    secret: e.PITBOSS_SECRET,
    origins: e.PITBOSS_ORIGINS ? e.PITBOSS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) : [],
    nodeId: e.PITBOSS_NODE_ID ?? `node-${randomBytes(4).toString('hex')}`,
    tokenTtl: e.PITBOSS_TOKEN_TTL,
    staffSessionTtl: e.PITBOSS_STAFF_SESSION_TTL,
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
    terminals: { offlineMs: e.PITBOSS_TERMINAL_OFFLINE_MS, hungMs: e.PITBOSS_TERMINAL_HUNG_MS, lateMs: e.PITBOSS_TERMINAL_LATE_MS },
    logLevel: e.LOG_LEVEL,
    alerts: alertConfig(e),
    verifyInstall: e.PITBOSS_VERIFY_INSTALL,
    installDigest: e.PITBOSS_INSTALL_DIGEST,
  };
}

const jwksAlgorithms = (text: string | undefined): string[] =>
  text === undefined ? [...DEFAULT_JWKS_ALGORITHMS] : text.split(',').map((a) => a.trim()).filter(Boolean);

/** Settings that would let someone else mint tokens: refused, each on one line. */
const emailList = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x.length > 0);

/** Half a channel is a mistake to report, not a channel to drop silently. */
function alertIssues(e: z.infer<typeof EnvSchema>): string[] {
  const out: string[] = [];
  if ((e.PITBOSS_ALERT_TELEGRAM_TOKEN === undefined) !== (e.PITBOSS_ALERT_TELEGRAM_CHAT === undefined)) {
    out.push('PITBOSS_ALERT_TELEGRAM_TOKEN and PITBOSS_ALERT_TELEGRAM_CHAT go together');
  }
  const to = emailList(e.PITBOSS_ALERT_EMAIL_TO);
  if ((e.PITBOSS_ALERT_SMTP_URL === undefined) !== (to.length === 0)) out.push('PITBOSS_ALERT_SMTP_URL and PITBOSS_ALERT_EMAIL_TO go together');
  for (const addr of to) if (!z.string().email().safeParse(addr).success) out.push(`PITBOSS_ALERT_EMAIL_TO: "${addr}" is not an email address`);
  if (e.PITBOSS_ALERT_WEBHOOK_SECRET !== undefined && e.PITBOSS_ALERT_WEBHOOK_URL === undefined) out.push('PITBOSS_ALERT_WEBHOOK_SECRET is set without PITBOSS_ALERT_WEBHOOK_URL');
  return out;
}

function alertConfig(e: z.infer<typeof EnvSchema>): AlertConfig {
  return {
    intervalMs: e.PITBOSS_ALERT_INTERVAL_MS,
    ledgerCheckMs: e.PITBOSS_ALERT_LEDGER_CHECK_MS,
    thresholds: {
      memoryBytes: e.PITBOSS_ALERT_MEMORY_MB * 1024 * 1024, minMessageRate: e.PITBOSS_ALERT_MIN_MESSAGE_RATE,
      maxCrashes: e.PITBOSS_ALERT_MAX_CRASHES, roundStuckMs: e.PITBOSS_ALERT_ROUND_STUCK_MS,
    },
    ...(e.PITBOSS_ALERT_WEBHOOK_URL ? { webhook: { url: e.PITBOSS_ALERT_WEBHOOK_URL, ...(e.PITBOSS_ALERT_WEBHOOK_SECRET ? { secret: e.PITBOSS_ALERT_WEBHOOK_SECRET } : {}) } } : {}),
    ...(e.PITBOSS_ALERT_SLACK_URL ? { slack: { url: e.PITBOSS_ALERT_SLACK_URL } } : {}),
    ...(e.PITBOSS_ALERT_TELEGRAM_TOKEN && e.PITBOSS_ALERT_TELEGRAM_CHAT
      ? { telegram: { api: e.PITBOSS_ALERT_TELEGRAM_API, token: e.PITBOSS_ALERT_TELEGRAM_TOKEN, chat: e.PITBOSS_ALERT_TELEGRAM_CHAT } } : {}),
    ...(e.PITBOSS_ALERT_SMTP_URL ? { email: { smtpUrl: e.PITBOSS_ALERT_SMTP_URL, from: e.PITBOSS_ALERT_EMAIL_FROM, to: emailList(e.PITBOSS_ALERT_EMAIL_TO) } } : {}),
  };
}

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

