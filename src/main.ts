// The composition root: the one place that wires every layer together, as a single
// supervision tree (rest_for_one: if the ledger restarts, everything after it restarts
// too, because it holds the old handle):
//
//   root (rest_for_one)
//   ├── cluster    REDIS_URL only: membership (this node's lease) + presence across nodes
//   ├── ledger     store + migrations + Ledger
//   ├── tables     DynamicSupervisor: one transient child per table (restarted on a crash)
//   ├── jackpot_ticker  broadcasts jackpot meters to the lobby
//   ├── channels   DynamicSupervisor: one temporary child per joined channel
//   └── edge       fastify + the wire Endpoint on one http.Server
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DynamicSupervisor, GenServer, Supervisor, liveProcessCount, send, start, stop, type Pid } from './runtime/index.ts';
import { Endpoint, LocalPubSub, type PresenceTracker, type PubSub, type Limits as WireLimits } from './wire/index.ts';
import { ClusterPresence, Membership, RedisPubSub } from './cluster/index.ts';
import { openStore } from './store/index.ts';
import { Ledger } from './ledger/index.ts';
import type { Config } from './config.ts';
import {
  BlockedWords, JackpotTicker, Limits, MEGA_JACKPOT, PlayerStore, TableManager, Tokens, cashOutAll, casinoReplayers, ensurePromotions,
  jackpotsChannel, loadOrCreateSecret, lobbyChannel, onSettled, playerChannel, playerSocketExpiry, playerSocketId, randomSecret,
  socketConnect, tableChannel, tableGames, tournamentChannel, type PlayerAssigns,
} from './casino/index.ts';
import { tableRoutes } from './http/routes/tables.ts';
import { webRoutes } from './http/routes/web.ts';
import { buildHttp } from './http/app.ts';
import { createMetrics } from './ops/metrics.ts';
import { ConnectionTracker } from './ops/connection_tracker.ts';
import { createLogger, type Logger } from './ops/logger.ts';
import { RefusalLog } from './ops/refusals.ts';
import { clientAddress, trustFunction } from './http/trust_proxy.ts';
import { Redis } from 'ioredis';

/** What the tree's children share; each slot is filled by the child that owns it. */
export interface Services {
  config: Config;
  log: Logger;
  /** Made once per server, so an edge restart keeps the secret (a generated one included). */
  tokens: Tokens;
  /** Chat settings with the matcher built once, at start (a word the chat refuses stops the start, not an edge). */
  chat: { maxLength: number; blocked: BlockedWords };
  /** Overrides of the wire's limits (embedders, tests); the defaults otherwise. */
  wire: Partial<WireLimits>;
  tracker: ConnectionTracker;
  pubsub: PubSub;
  /** REDIS_URL set: the client shared by the parts that run across nodes (rate limits so far) */
  redis?: Redis;
  /** REDIS_URL set: `pubsub` itself, with what cluster presence needs of it. */
  bus?: RedisPubSub;
  /** REDIS_URL set (the cluster child): this node's lease and the live nodes. */
  membership?: Membership;
  /** REDIS_URL set: presence across nodes; absent, the endpoint keeps its own LocalPresence. */
  presence?: PresenceTracker;
  ledger?: Ledger;
  tables?: TableManager;
  channels?: Pid;
  endpoint?: Endpoint<PlayerAssigns>;
  http?: FastifyInstance;
}

/**
 * Cluster mode: holds this node's lease (the fencing token) and merges presence across
 * nodes. Placed first, since what it holds will be checked by what follows (the ledger
 * will fence table writes by its token). Redis errors never crash it: a lapsed lease is
 * the `lost` event, and it keeps trying to acquire a new one.
 */
class ClusterServer extends GenServer<Services> {
  private services!: Services;
  private presence?: ClusterPresence;
  override async init(s: Services): Promise<void> {
    this.services = s;
    const log = s.log.child({ component: 'cluster' });
    const membership = new Membership({
      url: s.config.redisUrl!, prefix: s.config.cluster.prefix, nodeId: s.config.nodeId, ttlMs: s.config.cluster.leaseMs,
      onError: (err) => log.debug({ err }, 'membership: redis error'),
    });
    membership.on('up', (node) => log.info({ peer: node }, 'node up'));
    membership.on('down', (node) => log.warn({ peer: node }, 'node down (lease expired or left)'));
    membership.on('acquired', (token) => log.info({ token }, 'lease acquired'));
    // Nothing is owned per node yet (placement comes later); when it is, owners stop here.
    membership.on('lost', () => log.error('lease lost: this node is presumed dead by the others until it acquires a new lease'));
    await membership.start();
    this.presence = new ClusterPresence({ bus: s.bus!, membership, onError: (err) => log.warn({ err }, 'presence: bad message') });
    this.presence.start();
    s.membership = membership;
    s.presence = this.presence;
  }
  override async terminate(): Promise<void> {
    this.presence?.stop();
    await this.services.membership?.stop({ leave: true });
    this.services.membership = undefined;
    this.services.presence = undefined;
  }
}

class LedgerServer extends GenServer<Services> {
  private services!: Services;
  override async init(s: Services): Promise<void> {
    this.services = s;
    const store = await openStore(s.config.database);
    // The embedded database's thread died: this process stops with the error, so the tree
    // restarts it — a new store — and everything after it (rest_for_one), which held the old one.
    store.onFailure?.((err) => send(this.self, { type: 'store_failed', err }));
    // Group commit pays on PGlite (one connection, one fsync per commit); PostgreSQL
    // already merges concurrent commits' flushes, so there it only adds round trips.
    s.ledger = new Ledger(store, { groupCommit: s.config.database.kind !== 'postgres', nodeId: s.config.nodeId, replayers: casinoReplayers() });
    // Rounds a previous run left open (a crash, a kill -9) are resolved before anyone plays:
    // completed if their outcome was journaled, otherwise refunded; players are notified.
    // A single node owns every round. A cluster node resolves the rounds stamped with its
    // own id: only those of an earlier run when PITBOSS_NODE_ID is set (the default id is
    // drawn at each start); a dead node's rounds are for whoever takes its tables
    // (placement and failover, not built yet: docs/cluster.md).
    await s.ledger.rounds.recover(s.config.redisUrl ? { nodeId: s.config.nodeId } : { allNodes: true, actor: 'startup' });
    await ensurePromotions(s.ledger);
  }
  override handleInfo(msg: unknown): void {
    const m = msg as { type?: string; err?: unknown };
    if (m.type === 'store_failed') throw m.err;
  }
  override async terminate(): Promise<void> {
    await this.services.ledger?.store.close();
    this.services.ledger = undefined;
  }
}

class EdgeServer extends GenServer<Services> {
  private services!: Services;
  override async init(s: Services): Promise<void> {
    this.services = s;
    const { config, log, tracker, tokens } = s;
    const ledger = s.ledger!;
    const players = new PlayerStore(ledger, { guestBalance: config.guestBalance });
    // In cluster mode limits count across nodes in Redis; alone, in memory.
    const limits = new Limits({ rates: config.rates, ...(s.redis ? { redis: s.redis, keyPrefix: `${config.cluster.prefix}rl` } : {}) });
    // One notion of the client's address for HTTP and WebSocket, so the per-address
    // limits of both count the same people.
    const trust = trustFunction(config.trustProxy);
    const refusals = new RefusalLog(log.child({ component: 'edge' }));
    const endpoint = new Endpoint<PlayerAssigns>({
      connect: socketConnect(tokens, limits),
      socketId: playerSocketId,
      expiresAt: playerSocketExpiry,
      limits: s.wire,
      channels: [
        ['lobby', lobbyChannel({ tables: s.tables!, limits, tracker })],
        ['table:*', tableChannel({ tables: s.tables!, limits, chat: s.chat, tracker })],
        ['player:*', playerChannel({ ledger, limits, tables: s.tables!, tracker })],
        ['jackpots', jackpotsChannel({ ledger })],
        ['tournament:*', tournamentChannel({ ledger })],
      ],
      pubsub: s.pubsub,
      ...(s.presence ? { presence: s.presence } : {}),
      supervisor: s.channels!,
      checkOrigin: config.origins.length > 0 ? config.origins : false,
      clientIp: clientAddress(trust),
      onRefused: (r) => refusals.refused({ via: 'socket', ...r }),
      logger: log.child({ component: 'wire' }),
    });
    const metrics = createMetrics({
      sockets: () => endpoint.stats().sockets,
      channelsByPrefix: () => endpoint.stats().channels.byPrefix,
      processes: liveProcessCount,
      messagesIn: () => endpoint.stats().messagesIn,
      messagesOut: () => endpoint.stats().messagesOut,
    });
    const readiness = {
      checks: async () => ({
        database: await ledger.store.query('SELECT 1').then(() => 'ok', () => 'down'),
        endpoint: endpoint.state.type === 'open' ? 'ok' : endpoint.state.type,
      }),
    };
    const http = await buildHttp({
      tokens, players, limits, metrics, readiness, logger: log.child({ component: 'http' }),
      trustProxy: trust, onRefused: (r) => refusals.refused(r),
      extend: [(app) => tableRoutes(app, { tokens, tables: s.tables!, ledger, limits }), webRoutes],
    });
    endpoint.attach(http.server);
    await http.listen({ port: config.port, host: config.host });
    s.endpoint = endpoint;
    s.http = http;
  }
  override async terminate(): Promise<void> {
    await this.services.endpoint?.close();
    await this.services.http?.close();
  }
}

/** The tables' supervisor, the manager over it, and the default tables operators expect to find open. */
async function startTables(s: Services): Promise<Pid> {
  // No table runs yet (a start, or this subtree restarting after tables crashed beyond their
  // restart limit): nobody is seated anywhere, so every stack left at a table goes home.
  if (!s.config.redisUrl) await cashOutAll(s.ledger!);
  const sup = await DynamicSupervisor.start({ maxChildren: 10_000 });
  s.tables = new TableManager({
    supervisor: sup, ledger: s.ledger!, pubsub: s.pubsub, games: tableGames,
    chatHistory: s.config.chat.history,
    graceMs: s.config.seatGraceMs,
    hibernateMs: s.config.tableHibernateMs,
    gameOptions: { slots: { jackpot: MEGA_JACKPOT.id } },
    onSettled: onSettled({ ledger: s.ledger!, pubsub: s.pubsub }),
    log: s.log.child({ component: 'tables' }),
    defaultOptions: {
      ...(s.config.bettingMs !== undefined ? { betting_ms: s.config.bettingMs } : {}),
      ...(s.config.turnMs !== undefined ? { turn_ms: s.config.turnMs } : {}),
    },
  });
  for (const game of s.tables.games()) {
    await s.tables.create(game, { id: `${game}-1`, ephemeral: false, shared: game === 'roulette' ? true : undefined });
  }
  return sup;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly root: Pid;
  readonly services: Services;
  /** Drains sockets (1012 in batches), then stops the tree in reverse order. */
  stop(opts?: { drain?: boolean }): Promise<void>;
}

/**
 * The token secret: PITBOSS_SECRET, else one generated and kept in the data directory
 * (loadConfig already refused production without PITBOSS_SECRET). An in-memory database
 * has nothing to keep across restarts, so neither has its secret.
 */
async function tokenSecret(config: Config, log: Logger): Promise<string> {
  if (config.secret !== undefined) return config.secret;
  if (config.database.kind === 'pglite-memory') return randomSecret();
  const kept = await loadOrCreateSecret(config.dataDir);
  if (kept.created) log.info({ path: kept.path }, 'PITBOSS_SECRET is not set: generated a token secret and kept it in the data directory');
  if (kept.exposed) log.warn({ path: kept.path }, 'the token secret file is readable by other users: anyone who reads it can sign in as any player (chmod 600 it)');
  return kept.secret;
}

export interface StartOptions {
  /** where log lines go (tests capture them); by default pino on stdout at config.logLevel */
  logger?: Logger;
  /** wire limits other than the defaults (e.g. a short heartbeat timeout in tests) */
  wire?: Partial<WireLimits>;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.logger ?? createLogger(config.logLevel, config.nodeId);
  const tokens = new Tokens({ secret: await tokenSecret(config, log), ttlSeconds: config.tokenTtl, jwks: config.jwks });
  // Cluster mode: broadcasts go over Redis, subscribed before anything can broadcast.
  const bus = config.redisUrl
    ? await RedisPubSub.connect({
      url: config.redisUrl, prefix: config.cluster.prefix, nodeId: config.nodeId,
      onError: (err, topic) => log.warn({ err, topic }, 'pubsub: a broadcast did not cross to other nodes'),
    })
    : undefined;
  const services: Services = {
    config, log, tokens, wire: opts.wire ?? {}, chat: { maxLength: config.chat.maxLength, blocked: new BlockedWords(config.chat.blocked) }, tracker: new ConnectionTracker(),
    pubsub: bus ?? new LocalPubSub(),
    ...(bus ? { bus } : {}),
    ...(config.redisUrl ? { redis: new Redis(config.redisUrl, { commandTimeout: 500, maxRetriesPerRequest: 1 }) } : {}),
  };
  let root: Pid;
  try {
    root = await Supervisor.start(
      {
        strategy: 'rest_for_one',
        maxRestarts: 3,
        maxSeconds: 5,
        children: [
          ...(bus ? [{ id: 'cluster', start: () => start(ClusterServer, services), shutdown: 5_000 }] : []),
          { id: 'ledger', start: () => start(LedgerServer, services), shutdown: 10_000 },
          { id: 'tables', type: 'supervisor', start: () => startTables(services) },
          { id: 'jackpot_ticker', start: () => start(JackpotTicker, { ledger: services.ledger!, pubsub: services.pubsub, everyMs: config.jackpotTickMs }) },
          { id: 'channels', type: 'supervisor', start: () => DynamicSupervisor.start({}).then((pid) => (services.channels = pid)) },
          { id: 'edge', start: () => start(EdgeServer, services), shutdown: 35_000 },
        ],
      },
      { name: 'pitboss' },
    );
  } catch (err) {
    // The tree did not start: nothing else will close what was opened before it.
    services.redis?.disconnect();
    await services.bus?.close();
    throw err;
  }
  const port = (services.http!.server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    root,
    services,
    async stop({ drain = false } = {}) {
      if (drain) await services.endpoint?.drain({ batchSize: 10_000, intervalMs: 2_000 });
      await stop(root, 'shutdown');
      services.redis?.disconnect();
      await services.bus?.close();
    },
  };
}
