// The composition root: the one place that wires every layer together, as a single
// supervision tree (rest_for_one: if the ledger restarts, everything after it restarts
// too, because it holds the old handle):
//
//   root (rest_for_one)
//   ├── cluster    REDIS_URL only: membership (this node's lease) + presence across nodes + RPC
//   ├── ledger     store + migrations + Ledger
//   ├── tables     DynamicSupervisor: one transient child per table (restarted on a crash); in a cluster, tables across nodes
//   ├── jackpot_ticker  broadcasts jackpot meters to the lobby
//   ├── channels   DynamicSupervisor: one temporary child per joined channel
//   └── edge       fastify + the wire Endpoints on one http.Server, and the alert loop
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DynamicSupervisor, GenServer, Supervisor, liveProcessCount, onExit, send, start, stop, type Pid } from './runtime/index.ts';
import { Endpoint, LocalPubSub, type JsonObject, type PresenceTracker, type PubSub, type Limits as WireLimits } from './wire/index.ts';
import type { Redis } from 'ioredis';
import { ClusterCensus, ClusterPresence, Membership, RedisPubSub, Rpc, TableClaims, TableSeqs, clusterKeys, connectionName, ownerOf, redisClient } from './cluster/index.ts';
import { DRAIN_NODE } from './casino/index.ts';
import { openStore } from './store/index.ts';
import { Ledger } from './ledger/index.ts';
import { LedgerThread } from './ledger_thread/client.ts';
import type { Config } from './config.ts';
import {
  BlockedWords, ClusterTables, JackpotTicker, Limits, MEGA_JACKPOT, PlayerStore, TableManager, Tokens, cashOutAll, casinoReplayers, ensurePromotions,
  jackpotsChannel, loadOrCreateSecret, lobbyChannel, onSettled, playerChannel, playerSocketExpiry, playerSocketId, randomSecret, type Settlement,
  socketConnect, tableChannel, tableGames, tournamentChannel, type PlayerAssigns,
  StaffAuth, ConfigBook,
} from './casino/index.ts';
import { TerminalDirectory, TerminalMonitor, terminalChannel, terminalConnect, terminalSocketId, type TerminalAssigns } from './casino/index.ts';
import { adminChannel, adminConnect, adminSocketExpiry, adminSocketId, dashboardSections, terminalLag, type AdminAssigns } from './casino/index.ts';
import { DashboardFeed } from './ops/dashboard/feed.ts';
import { AvailabilityRecorder } from './ops/dashboard/availability_recorder.ts';
import { readBuckets } from './ops/dashboard/histogram.ts';
import { adminRoutes } from './http/admin/routes.ts';
import { tableRoutes } from './http/routes/tables.ts';
import { webRoutes } from './http/routes/web.ts';
import { buildHttp } from './http/app.ts';
import { createMetrics } from './ops/metrics.ts';
import { ConnectionTracker } from './ops/connection_tracker.ts';
import { RuntimeStats } from './ops/runtime_stats.ts';
import { systemReport } from './ops/system.ts';
import { createLogger, type Logger } from './ops/logger.ts';
import { RefusalLog } from './ops/refusals.ts';
import { AlertManager, channelsFrom } from './ops/alerts/index.ts';
import { BusinessMetrics } from './ops/business_metrics.ts';
import { Registry } from 'prom-client';
import { clientAddress, trustFunction } from './http/trust_proxy.ts';

/** What the tree's children share; each slot is filled by the child that owns it. */
export interface Services {
  config: Config;
  log: Logger;
  /** Made once per server, so an edge restart keeps the secret (a generated one included). */
  tokens: Tokens;
  /** The token secret, for keys derived from it (staff sessions). */
  secret: string;
  /** Chat settings with the matcher built once, at start (a word the chat refuses stops the start, not an edge). */
  chat: { maxLength: number; blocked: BlockedWords };
  /** Overrides of the wire's limits (embedders, tests); the defaults otherwise. */
  wire: Partial<WireLimits>;
  tracker: ConnectionTracker;
  /** When this node started (epoch ms): its uptime in the admin API and metrics. */
  startedAt: number;
  pubsub: PubSub;
  /** REDIS_URL set: the client shared by the parts that run across nodes (rate limits so far) */
  redis?: Redis;
  /** Cluster mode: every live node's connection counts (cluster/census.ts), for the tracker's cluster totals. */
  census?: ClusterCensus;
  /** REDIS_URL set: `pubsub` itself, with what cluster presence needs of it. */
  bus?: RedisPubSub;
  /** REDIS_URL set (the cluster child): this node's lease and the live nodes. */
  membership?: Membership;
  /** REDIS_URL set: presence across nodes; absent, the endpoint keeps its own LocalPresence. */
  presence?: PresenceTracker;
  /** REDIS_URL set (the cluster child): requests between nodes over the bus. */
  rpc?: Rpc;
  /** REDIS_URL set (the tables child): the cluster's table directory, and tables across nodes. */
  claims?: TableClaims;
  cluster?: ClusterTables;
  ledger?: Ledger;
  /** The ledger's thread, when it runs on one (config.ledgerThread); `ledger` is its proxy. */
  ledgerThread?: LedgerThread;
  /** Rounds, bets, handle, payouts, settlement latency, crashes, refusals (for /metrics). */
  business: BusinessMetrics;
  /** The alert loop (docs/operations.md, "Alerts"); the admin side reads its book. */
  alerts?: AlertManager;
  tables?: TableManager;
  /** The hall's runtime configuration (table limits, paytables, jackpot rates), made with the tables. */
  configs?: ConfigBook;
  channels?: Pid;
  endpoint?: Endpoint<PlayerAssigns>;
  /**
   * Terminals (docs/operations.md): the monitor is made once per server, so an edge restart
   * keeps what it saw; the directory and the terminals' own endpoint come with the edge.
   */
  terminals: { monitor: TerminalMonitor; directory?: TerminalDirectory; endpoint?: Endpoint<TerminalAssigns> };
  http?: FastifyInstance;
  /** Cluster mode: another process asked this node to drain (`pitboss drain`): stop as at SIGTERM. */
  onDrainRequest: () => void;
}

/**
 * Cluster mode: holds this node's lease, merges presence across nodes and carries RPC
 * between them. Placed first, since what follows depends on the lease (tables are claimed
 * under it, and fenced in the ledger by their claims' tokens). Redis errors never crash it:
 * a lapsed lease is the `lost` event (the tables child stands its tables down), and it
 * keeps trying to acquire a new one.
 */
class ClusterServer extends GenServer<Services> {
  private services!: Services;
  private presence?: ClusterPresence;
  private census?: ClusterCensus;
  override async init(s: Services): Promise<void> {
    this.services = s;
    const log = s.log.child({ component: 'cluster' });
    const membership = new Membership({
      url: s.config.redisUrl!, tls: s.config.redisTls, prefix: s.config.cluster.prefix, nodeId: s.config.nodeId, ttlMs: s.config.cluster.leaseMs,
      onError: (err) => log.debug({ err }, 'membership: redis error'),
    });
    membership.on('up', (node) => log.info({ peer: node }, 'node up'));
    membership.on('down', (node) => log.warn({ peer: node }, 'node down (lease expired or left)'));
    membership.on('acquired', (token) => log.info({ token }, 'lease acquired'));
    membership.on('lost', () => log.error('lease lost: this node is presumed dead by the others until it acquires a new lease'));
    await membership.start();
    this.presence = new ClusterPresence({ bus: s.bus!, membership, onError: (err) => log.warn({ err }, 'presence: bad message') });
    this.presence.start();
    s.rpc = new Rpc({ bus: s.bus!, members: membership, onError: (err) => log.warn({ err }, 'rpc: bad message or failed handler') });
    s.rpc.start();
    // `pitboss drain` (src/cli/commands/drain.ts): answered at once, the drain runs as at SIGTERM.
    s.rpc.handle(DRAIN_NODE, (r) => {
      log.info({ by: r.by }, 'asked to drain');
      setImmediate(() => s.onDrainRequest());
      return { node: s.config.nodeId, tables: s.tables?.census().total ?? 0 };
    });
    s.membership = membership;
    s.presence = this.presence;
    // The tracker's cluster totals: every node's counts, written to and read from Redis (census.ts).
    this.census = new ClusterCensus({
      redis: s.redis!, key: clusterKeys(s.config.cluster.prefix).census, nodeId: s.config.nodeId, live: () => membership.liveNodes(),
      local: () => ({ counts: s.tracker.counts(), players_online: s.tracker.playersOnline().size, tables: s.tables?.census().total ?? 0 }),
      onError: (err) => log.debug({ err }, 'census: redis error'),
    });
    this.census.start();
    s.census = this.census;
  }
  override async terminate(): Promise<void> {
    await this.census?.stop();
    this.services.census = undefined;
    this.services.rpc?.stop();
    this.presence?.stop();
    await this.services.membership?.stop({ leave: true });
    this.services.membership = undefined;
    this.services.presence = undefined;
  }
}

class LedgerServer extends GenServer<Services> {
  private services!: Services;
  private thread: LedgerThread | null = null;
  override async init(s: Services): Promise<void> {
    this.services = s;
    // Group commit pays on PGlite (one connection, one fsync per commit); PostgreSQL
    // already merges concurrent commits' flushes, so there it only adds round trips.
    const groupCommit = s.config.database.kind !== 'postgres';
    // Cluster mode: a table's rounds are written under the fencing token this node claimed it
    // with (ledger/fences.ts: the ledger remembers its claims, on its own thread too).
    const fenced = s.config.redisUrl !== undefined;
    // The store (or the ledger's thread) died: this process stops with the error, so the tree
    // restarts it — a new store — and everything after it (rest_for_one), which held the old one.
    const failed = (err: unknown) => send(this.self, { type: 'store_failed', err });
    if (s.config.ledgerThread) {
      this.thread = await LedgerThread.start({ database: s.config.database, poolSize: s.config.dbPool, groupCommit, nodeId: s.config.nodeId, fenced });
      this.thread.onFailure(failed);
      s.ledgerThread = this.thread;
      s.ledger = this.thread.ledger;
    } else {
      const store = await openStore(s.config.database, { poolSize: s.config.dbPool });
      store.onFailure?.(failed);
      s.ledger = new Ledger(store, { groupCommit, nodeId: s.config.nodeId, replayers: casinoReplayers(), fenced });
    }
    // Rounds a previous run left open (a crash, a kill -9) are resolved before anyone plays:
    // completed if their outcome was journaled, otherwise refunded; players are notified.
    // A single node owns every round. A cluster node resolves none here: each table resolves
    // its own open rounds when it starts, after this node claimed it (recovery only ever
    // touches tables the node owns; docs/cluster.md).
    if (!s.config.redisUrl) await s.ledger.rounds.recover({ allNodes: true, actor: 'startup' });
    await ensurePromotions(s.ledger);
  }
  override handleInfo(msg: unknown): void {
    const m = msg as { type?: string; err?: unknown };
    if (m.type === 'store_failed') throw m.err;
  }
  override async terminate(): Promise<void> {
    if (this.thread) await this.thread.close();
    else await this.services.ledger?.store.close();
    this.thread = null;
    this.services.ledgerThread = undefined;
    this.services.ledger = undefined;
  }
}

class EdgeServer extends GenServer<Services> {
  private services!: Services;
  private runtime?: RuntimeStats;
  private dashboard?: { feed: DashboardFeed; recorder: AvailabilityRecorder; endpoint?: Endpoint<AdminAssigns> };
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
        ['lobby', lobbyChannel({ tables: s.cluster ?? s.tables!, limits, tracker })],
        ['table:*', tableChannel({ tables: s.tables!, limits, chat: s.chat, tracker, ...(s.cluster ? { remote: s.cluster } : {}) })],
        ['player:*', playerChannel({ ledger, limits, tables: s.tables!, tracker })],
        ['jackpots', jackpotsChannel({ ledger, tracker })],
        ['tournament:*', tournamentChannel({ ledger, tracker })],
      ],
      pubsub: s.pubsub,
      ...(s.presence ? { presence: s.presence } : {}),
      supervisor: s.channels!,
      checkOrigin: config.origins.length > 0 ? config.origins : false,
      clientIp: clientAddress(trust),
      onRefused: (r) => {
        s.business.refused('socket', r.reason);
        refusals.refused({ via: 'socket', ...r });
      },
      // ops: every raw socket counted by the connection tracker while it is open
      onSocket: (a) => tracker.open('socket', { player_id: a.playerId }),
      logger: log.child({ component: 'wire' }),
    });
    // ops: runtime figures, table census and uptime for the admin API and metrics
    const runtime = (this.runtime = new RuntimeStats({ processes: liveProcessCount }));
    const tables = () => s.tables!.census();
    const uptime = () => (Date.now() - s.startedAt) / 1000;
    const system = () => systemReport({ node: config.nodeId, tracker, runtime, tables, uptime, ...(s.census ? { cluster: () => s.census!.view() } : {}) });
    const alertChannels = channelsFrom(config.alerts);
    const alerts = new AlertManager({
      node: config.nodeId, channels: alertChannels, intervalMs: config.alerts.intervalMs, ledgerCheckMs: config.alerts.ledgerCheckMs,
      thresholds: config.alerts.thresholds,
      sources: {
        rss: () => process.memoryUsage.rss(),
        sockets: () => endpoint.stats().sockets,
        messagesIn: () => endpoint.stats().messagesIn,
        tableCrashes: () => s.tables?.crashes ?? 0,
        offlineTerminals: () => s.terminals.monitor.offline(),
        stuckRounds: (ms) => ledger.rounds.stuck(ms),
        ledgerCheck: async () => {
          const c = await ledger.check();
          return { ok: c.ok, sum: c.sum, mismatches: c.balance_mismatches.length };
        },
      },
      onError: (err, where) => log.warn({ err, where }, 'alerts: a source or a channel failed'),
      onTransition: (t) => (t.kind === 'fired' ? log.error({ alert: t.alert }, `alert: ${t.alert.message}`) : log.info({ alert: t.alert }, `alert resolved: ${t.alert.key}`)),
      onStop: () => { for (const c of alertChannels) c.close?.(); },
    });
    const metrics = Registry.merge([s.business.registry, createMetrics({
      sockets: () => endpoint.stats().sockets,
      channelsByPrefix: () => endpoint.stats().channels.byPrefix,
      processes: liveProcessCount,
      messagesIn: () => endpoint.stats().messagesIn,
      messagesOut: () => endpoint.stats().messagesOut,
      tracker, runtime, tables, uptime, alerts,
    })]);
    alerts.start();
    s.alerts = alerts;
    // ops: the live dashboard's feed and the availability recorder (docs/operations.md, "The live dashboard")
    const staffAuth = new StaffAuth({ secret: s.secret, ttlSeconds: config.staffSessionTtl, staff: ledger.staff });
    const recorder = new AvailabilityRecorder({
      store: ledger.store,
      probe: async () => {
        const up = <T>(p: Promise<T>) => Promise.race([p.then(() => true, () => false), new Promise<boolean>((r) => setTimeout(r, 2000, false).unref())]);
        const states: Record<string, boolean> = { [`server:${config.nodeId}`]: true, database: await up(ledger.store.query('SELECT 1')) };
        if (s.redis) states['redis'] = await up(s.redis.ping());
        for (const t of s.terminals.monitor.snapshot()) states[`terminal:${t.id}`] = t.status === 'online';
        return states;
      },
      onError: (err) => log.debug({ err }, 'availability: a record was not written (kept for the next one)'),
    });
    const panels = dashboardSections({
      tables: s.tables!, monitor: s.terminals.monitor, ledger, system,
      playersOnline: () => tracker.playersOnline(),
      alerts: () => ({ active: alerts.active(), history: alerts.history() }),
      components: () => recorder.current(),
      config: async () => terminalLag(s.configs!.view().version, await ledger.configs.acks(), await s.terminals.directory!.list()),
    });
    const feed = new DashboardFeed({
      node: config.nodeId,
      sources: {
        totals: () => ({ messagesIn: endpoint.stats().messagesIn, messagesOut: endpoint.stats().messagesOut, bets: s.business.betsSettled }),
        connections: () => tracker.count('socket'),
        playersOnline: () => tracker.playersOnline().size,
        memory: () => { const m = process.memoryUsage(); return { rss: m.rss, heap_used: m.heapUsed }; },
        settlement: () => readBuckets(s.business.registry, 'pitboss_round_settlement_seconds'),
        sections: panels.sections,
        statuses: panels.statuses,
      },
      onError: (err) => log.warn({ err }, 'dashboard: a sample failed'),
    });
    recorder.start();
    feed.start();
    this.dashboard = { feed, recorder };
    const readiness = {
      checks: async () => ({
        database: await ledger.store.query('SELECT 1').then(() => 'ok', () => 'down'),
        endpoint: endpoint.state.type === 'open' ? 'ok' : endpoint.state.type,
      }),
    };
    const http = await buildHttp({
      tokens, players, limits, metrics, readiness, logger: log.child({ component: 'http' }),
      trustProxy: trust, onRefused: (r) => {
        s.business.refused(r.via, r.reason);
        refusals.refused(r);
      },
      extend: [
        (app) => tableRoutes(app, { tokens, tables: s.cluster ?? s.tables!, ledger, limits }),
        // ops: the admin API (docs/operations.md)
        adminRoutes({ auth: staffAuth, ledger, tables: s.tables!, tracker, limits, system, alerts, availability: recorder,
          hallConfig: { book: s.configs!, terminals: () => s.terminals.directory!.list(), monitor: s.terminals.monitor } }),
        webRoutes,
      ],
    });
    endpoint.attach(http.server);
    // --- terminals: their own endpoint on the same server (a terminal credential opens only it)
    const directory = new TerminalDirectory(ledger.store);
    // Alone, every enabled terminal is known from the start: one that never connects is shown
    // (and alerted) offline. In a cluster a terminal is connected to one node, so each node
    // knows only those it has seen (docs/operations.md: the monitor is per node).
    if (!config.redisUrl) s.terminals.monitor.known((await directory.list()).filter((t) => t.disabledAt === null).map((t) => t.id));
    const terminals = new Endpoint<TerminalAssigns>({
      path: '/terminal/websocket',
      connect: terminalConnect(directory, limits),
      socketId: terminalSocketId,
      limits: s.wire,
      channels: [['terminal:*', terminalChannel({ ledger, directory, monitor: s.terminals.monitor, offlineMs: config.terminals.offlineMs, tracker, config: s.configs! })]],
      pubsub: s.pubsub,
      supervisor: s.channels!,
      clientIp: clientAddress(trust),
      onRefused: (r) => refusals.refused({ via: 'socket', route: 'GET /terminal/websocket', ...r }),
      logger: log.child({ component: 'terminals' }),
    });
    terminals.attach(http.server);
    s.terminals.directory = directory;
    s.terminals.endpoint = terminals;
    // --- end terminals
    // --- the live dashboard: its own socket, where a staff session token opens `admin:dashboard`
    const admin = new Endpoint<AdminAssigns>({
      path: '/admin/socket/websocket',
      connect: adminConnect({ auth: staffAuth, tokens, limits }),
      socketId: adminSocketId,
      expiresAt: adminSocketExpiry,
      limits: s.wire,
      channels: [['admin:dashboard', adminChannel({ feed, auth: staffAuth, tracker, limits })]],
      pubsub: s.pubsub,
      supervisor: s.channels!,
      checkOrigin: config.origins.length > 0 ? config.origins : false,
      clientIp: clientAddress(trust),
      onRefused: (r) => refusals.refused({ via: 'socket', route: 'GET /admin/socket/websocket', ...r }),
      // every open dashboard is one `dashboard_view` connection
      onSocket: (a) => tracker.open('dashboard_view', a.staff ? { staff: a.staff.name } : {}),
      logger: log.child({ component: 'admin' }),
    });
    admin.attach(http.server);
    this.dashboard.endpoint = admin;
    // --- end dashboard
    await http.listen({ port: config.port, host: config.host });
    s.endpoint = endpoint;
    s.http = http;
  }
  override async terminate(): Promise<void> {
    await this.services.alerts?.stop();
    this.services.alerts = undefined;
    this.runtime?.stop();
    await this.dashboard?.feed.stop();
    await this.dashboard?.recorder.stop();
    await this.dashboard?.endpoint?.close();
    await this.services.terminals.endpoint?.close();
    await this.services.endpoint?.close();
    await this.services.http?.close();
  }
}

/** Every settlement counted for operations before the promotions see it. */
function withMetrics(business: BusinessMetrics, next: (s: Settlement) => Promise<void>): (s: Settlement) => Promise<void> {
  return (s) => {
    business.settled(s);
    return next(s);
  };
}

/** The tables' supervisor, the manager over it, and the default tables operators expect to find open. */
async function startTables(s: Services): Promise<Pid> {
  // No table runs yet (a start, or this subtree restarting after tables crashed beyond their
  // restart limit): nobody is seated anywhere, so every stack left at a table goes home.
  if (!s.config.redisUrl) await cashOutAll(s.ledger!);
  // The hall's configuration: loaded before any table starts, so every table opens under it;
  // changes announced over the PubSub (across nodes in cluster mode) and re-read from the database.
  const configs = (s.configs = new ConfigBook({ ledger: s.ledger!, pubsub: s.pubsub, log: s.log.child({ component: 'config' }) }));
  await configs.start().catch((err: unknown) => {
    configs.stop();
    throw err;
  });
  const sup = await DynamicSupervisor.start({ maxChildren: 10_000 });
  onExit(sup, () => configs.stop());
  const claims = s.config.redisUrl ? clusterClaims(s) : undefined;
  s.tables = new TableManager({
    ...(claims ? { claims, seqs: new TableSeqs({ redis: s.redis!, prefix: s.config.cluster.prefix }) } : {}),
    supervisor: sup, ledger: s.ledger!, pubsub: s.pubsub, games: tableGames, settings: configs,
    chatHistory: s.config.chat.history,
    graceMs: s.config.seatGraceMs,
    hibernateMs: s.config.tableHibernateMs,
    gameOptions: { slots: { jackpot: MEGA_JACKPOT.id } },
    onSettled: withMetrics(s.business, onSettled({ ledger: s.ledger!, pubsub: s.pubsub })),
    log: s.log.child({ component: 'tables' }),
    defaultOptions: {
      ...(s.config.bettingMs !== undefined ? { betting_ms: s.config.bettingMs } : {}),
      ...(s.config.turnMs !== undefined ? { turn_ms: s.config.turnMs } : {}),
    },
  });
  const defaults = s.tables.games().map((game) => ({ game, id: `${game}-1`, ...(game === 'roulette' ? { shared: true } : {}) }));
  if (claims) {
    await startClusterTables(s, sup, defaults);
    return sup;
  }
  for (const { game, ...over } of defaults) await s.tables.create(game, { ...over, ephemeral: false });
  return sup;
}

// ---- cluster mode: tables across nodes (docs/cluster.md) ----------------------------------

/** The manager's claims: in the cluster's directory in Redis, then fenced in the ledger under the same token, before a table starts. */
function clusterClaims(s: Services) {
  const claims = (s.claims = new TableClaims({
    redis: s.redis!, prefix: s.config.cluster.prefix, members: s.membership!,
    onError: (err) => s.log.warn({ err }, 'table directory: redis error'),
  }));
  const nodeId = s.config.nodeId;
  const seqs = new TableSeqs({ redis: s.redis!, prefix: s.config.cluster.prefix });
  return {
    claim: async (config: { id: string } & JsonObject, row: JsonObject) => {
      const token = await claims.claim(config, row);
      await s.ledger!.fences.claim(config.id, nodeId, token).catch(async (err: unknown) => {
        await claims.release(config.id);
        throw err;
      });
      return token;
    },
    listed: (changed: JsonObject[], removed: string[]) => claims.listed(changed, removed),
    giveUp: (id: string) => {
      void s.ledger?.fences.forget(id);
      return claims.giveUp(id);
    },
    release: (id: string) => {
      void s.ledger?.fences.forget(id);
      void seqs.forget(id).catch(() => {}); // closed for good: its numbering ends with it
      return claims.release(id);
    },
  };
}

/**
 * Tables across nodes over this node's manager: each default table once in the cluster, on
 * the node placement picks, then the tables of dead nodes this node now owns. A lost lease
 * (presumed dead by the others, who take the tables over) stops it acting as an owner at
 * once; a new lease takes over whatever placement gives it.
 */
async function startClusterTables(s: Services, sup: Pid, defaults: Parameters<ClusterTables["openDefaults"]>[0]): Promise<void> {
  const membership = s.membership!;
  const claims = s.claims!;
  const cluster = (s.cluster = new ClusterTables({
    tables: s.tables!, games: tableGames, peers: s.rpc!, members: membership, directory: claims,
    place: (key) => ownerOf(key, membership.placeableNodes()), markDraining: () => membership.markDraining(),
    log: s.log.child({ component: 'cluster_tables' }),
  }));
  cluster.start();
  const onLost = () => {
    claims.forgetAll();
    void s.ledger?.fences.forget(); // this node's writes to any table are refused from now on
    void s.tables?.standDown();
  };
  const onAcquired = () => void cluster.adopt();
  membership.on('lost', onLost);
  membership.on('acquired', onAcquired);
  onExit(sup, () => {
    cluster.stop();
    membership.off('lost', onLost);
    membership.off('acquired', onAcquired);
  });
  await cluster.openDefaults(defaults);
  await cluster.adopt();
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly root: Pid;
  readonly services: Services;
  /**
   * Drains sockets (1012 in batches), then stops the tree in reverse order. In cluster mode
   * a drain first hands this node's tables over to the others between rounds (bounded by
   * PITBOSS_DRAIN_TIMEOUT_MS; docs/cluster.md).
   */
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
  /** Cluster mode, `pitboss drain` reached this node: by default it drains and stops (the process stays: `pitboss start` exits it). */
  onDrainRequest?: (server: RunningServer) => void;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.logger ?? createLogger(config.logLevel, config.nodeId);
  const secret = await tokenSecret(config, log);
  const tokens = new Tokens({ secret, ttlSeconds: config.tokenTtl, jwks: config.jwks });
  // Cluster mode: broadcasts go over Redis, subscribed before anything can broadcast.
  const bus = config.redisUrl
    ? await RedisPubSub.connect({
      url: config.redisUrl, tls: config.redisTls, prefix: config.cluster.prefix, nodeId: config.nodeId,
      onError: (err, topic) => log.warn({ err, topic }, 'pubsub: a broadcast did not cross to other nodes'),
    })
    : undefined;
  const services: Services = {
    config, log, tokens, secret, wire: opts.wire ?? {}, chat: { maxLength: config.chat.maxLength, blocked: new BlockedWords(config.chat.blocked) }, tracker: new ConnectionTracker(), startedAt: Date.now(),
    business: new BusinessMetrics({ tableCrashes: () => services.tables?.crashes ?? 0 }),
    pubsub: bus ?? new LocalPubSub(),
    terminals: { monitor: new TerminalMonitor(config.terminals) },
    ...(bus ? { bus } : {}),
    ...(config.redisUrl ? { redis: redisClient(config.redisUrl, config.redisTls, { commandTimeout: 500, maxRetriesPerRequest: 1, connectionName: connectionName(config.cluster.prefix, config.nodeId, 'main') }) } : {}),
    onDrainRequest: () => (opts.onDrainRequest ?? ((r: RunningServer) => void r.stop({ drain: true })))(running),
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
  let stopping: Promise<void> | null = null;
  const running: RunningServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    root,
    services,
    stop({ drain = false } = {}) {
      // Once: a drain request and a signal may both arrive.
      stopping ??= (async () => {
        if (drain && services.cluster && config.cluster.drainTimeoutMs > 0) await handOverTables(services);
        if (drain) await services.endpoint?.drain({ batchSize: 10_000, intervalMs: 2_000 });
        await stop(root, 'shutdown');
        services.redis?.disconnect();
        await services.bus?.close();
      })();
      return stopping;
    },
  };
  return running;
}

/** A cluster node's drain: its tables go to the other nodes between rounds, each as soon as its round ends (docs/cluster.md). */
async function handOverTables(s: Services): Promise<void> {
  const log = s.log.child({ component: 'drain' });
  const started = Date.now();
  const reports = await s.cluster!.drain(started + s.config.cluster.drainTimeoutMs);
  const moved = reports.filter((r) => r.result === 'moved');
  const left = reports.filter((r) => r.result === 'left');
  for (const r of moved) log.info({ table: r.table, to: r.to, ms: r.ms }, 'table handed over');
  if (left.length > 0) log.warn({ tables: left.map((r) => r.table), timeout_ms: s.config.cluster.drainTimeoutMs }, 'tables still running a round at the drain timeout: left to failover');
  log.info({ moved: moved.length, left: left.length, ms: Date.now() - started, worst_ms: Math.max(0, ...moved.map((r) => r.ms)) }, 'drain: tables handed over');
}
