// The casino in this process, wired as src/main.ts wires it but without a port: an
// in-memory PGlite ledger (the suite's migrated template when PITBOSS_PGLITE_TEMPLATE is
// set), the real TableManager and table processes, the real lobby, table, player,
// jackpots and tournament channels, and the fastify app for `.inject()`. A client is a
// ChannelTest socket (src/wire/testing.ts) whose assigns come from the real
// socketConnect with a token from `POST /api/guests`; it keeps every frame it received,
// so a test reads the state and events as a client would and waits on them with
// `until` — no sockets, no polling of the server.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { DynamicSupervisor, exit, liveProcessCount, start, stop } from '../../src/runtime/index.ts';
import { ChannelTest, Endpoint, LocalPresence, LocalPubSub, type Frame, type JsonObject, type Reply, type TestChannel } from '../../src/wire/index.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { openStore } from '../../src/store/index.ts';
import { Ledger } from '../../src/ledger/index.ts';
import {
  BlockedWords, JackpotTicker, Limits, MEGA_JACKPOT, PlayerStore, TableManager, Tokens, casinoReplayers, ensurePromotions,
  jackpotsChannel, lobbyChannel, onSettled, playerChannel, randomSecret, socketConnect, tableChannel, tableGames, tournamentChannel,
  type PlayerAssigns,
} from '../../src/casino/index.ts';
import { CURRENCY } from '../../src/casino/currency.ts';
import { buildHttp } from '../../src/http/app.ts';
import { tableRoutes } from '../../src/http/routes/tables.ts';
import { webRoutes } from '../../src/http/routes/web.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { ConnectionTracker } from '../../src/ops/connection_tracker.ts';

/** Generous limits, so tests of other behaviour are never rate limited; a test of limits sets its own. */
const ROOMY_LIMITS = {
  PITBOSS_RATE_CONNECTS: '10000/1s', PITBOSS_RATE_JOINS: '10000/1s', PITBOSS_RATE_ACTIONS: '10000/1s',
  PITBOSS_RATE_CHAT: '10000/1s', PITBOSS_RATE_GUESTS: '10000/1s', PITBOSS_RATE_READS: '10000/1s',
};

export interface CasinoOptions {
  /** The server's environment (PITBOSS_*), over roomy limits and an in-memory database. */
  env?: Record<string, string>;
  /** Open `<game>-1` for every game, as a server does at start (default true). */
  defaultTables?: boolean;
  /** Run the jackpot ticker (its broadcasts every PITBOSS_JACKPOT_TICK_MS); default false. */
  jackpotTicker?: boolean;
  /**
   * The default jackpot and tournament, slots feeding the jackpot and every win entered in
   * the tournament, as a server has them (default true). Off, a long test of other things
   * does not pay a leaderboard write per settlement.
   */
  promotions?: boolean;
  /** How long `until` and the other waits of a client wait before failing (default 10 s). */
  timeoutMs?: number;
}

export interface Casino {
  config: Config;
  ledger: Ledger;
  tables: TableManager;
  tokens: Tokens;
  tracker: ConnectionTracker;
  /** The HTTP edge, for `.inject()`; it never listens. */
  http: FastifyInstance;
  /** A new guest, signed up over HTTP, connected. */
  guest(name?: string): Promise<Client>;
  /** A socket for `token` through the real connect function (token check, connect limit). */
  connect(token: string): Promise<Client>;
  /** A player of this id and name (no sign-up), with `balance` deposited, connected. */
  player(playerId: string, balance?: number): Promise<Client>;
  /** A player's wallet balance. */
  balance(playerId: string): Promise<number>;
  /** Kills a table (as a crash) and resolves once its supervisor has restarted it. */
  crash(tableId: string): Promise<void>;
  /** The ledger's own check: every account sums to zero, no negative balance, no open round (unless allowed). */
  assertBalanced(opts?: { allowOpenRounds?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startCasino(opts: CasinoOptions = {}): Promise<Casino> {
  const template = process.env['PITBOSS_PGLITE_TEMPLATE'] ? { PITBOSS_PGLITE_TEMPLATE: process.env['PITBOSS_PGLITE_TEMPLATE'] } : {};
  const config = loadConfig({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent', PITBOSS_SECRET: randomSecret(), ...ROOMY_LIMITS, ...template, ...opts.env });
  const store = await openStore(config.database);
  const ledger = new Ledger(store, { groupCommit: true, nodeId: config.nodeId, replayers: casinoReplayers() });
  const promotions = opts.promotions ?? true;
  if (promotions) await ensurePromotions(ledger);
  const pubsub = new LocalPubSub();
  const presence = new LocalPresence(pubsub);
  const tableSup = await DynamicSupervisor.start({ maxChildren: 10_000 });
  const tables = new TableManager({
    supervisor: tableSup, ledger, pubsub, games: tableGames,
    chatHistory: config.chat.history,
    graceMs: config.seatGraceMs,
    hibernateMs: config.tableHibernateMs,
    ...(promotions ? { gameOptions: { slots: { jackpot: MEGA_JACKPOT.id } }, onSettled: onSettled({ ledger, pubsub }) } : {}),
    defaultOptions: {
      ...(config.bettingMs !== undefined ? { betting_ms: config.bettingMs } : {}),
      ...(config.turnMs !== undefined ? { turn_ms: config.turnMs } : {}),
    },
  });
  if (opts.defaultTables ?? true) {
    for (const game of tables.games()) await tables.create(game, { id: `${game}-1`, ephemeral: false, shared: game === 'roulette' ? true : undefined });
  }
  const ticker = opts.jackpotTicker ? await start(JackpotTicker, { ledger, pubsub, everyMs: config.jackpotTickMs }) : null;
  const channelSup = await DynamicSupervisor.start({});
  const tokens = new Tokens({ secret: config.secret!, ttlSeconds: config.tokenTtl });
  const limits = new Limits({ rates: config.rates });
  const tracker = new ConnectionTracker();
  const chat = { maxLength: config.chat.maxLength, blocked: new BlockedWords(config.chat.blocked) };
  const channels = [
    ['lobby', lobbyChannel({ tables, limits, tracker })],
    ['table:*', tableChannel({ tables, limits, chat, tracker })],
    ['player:*', playerChannel({ ledger, limits, tables, tracker })],
    ['jackpots', jackpotsChannel({ ledger })],
    ['tournament:*', tournamentChannel({ ledger })],
  ] as const;
  // The endpoint is attached to the app's server, which never listens: readiness and
  // metrics read it as they do in production.
  const endpoint = new Endpoint<PlayerAssigns>({ connect: socketConnect(tokens, limits), channels: channels as never, pubsub, presence, supervisor: channelSup });
  const players = new PlayerStore(ledger, { guestBalance: config.guestBalance });
  const http = await buildHttp({
    tokens, players, limits, logger: false,
    metrics: createMetrics({
      sockets: () => endpoint.stats().sockets,
      channelsByPrefix: () => endpoint.stats().channels.byPrefix,
      processes: liveProcessCount,
      messagesIn: () => endpoint.stats().messagesIn,
      messagesOut: () => endpoint.stats().messagesOut,
    }),
    readiness: {
      checks: async () => ({
        database: await ledger.store.query('SELECT 1').then(() => 'ok', () => 'down'),
        endpoint: endpoint.state.type === 'open' ? 'ok' : endpoint.state.type,
      }),
    },
    extend: [(app) => tableRoutes(app, { tokens, tables, ledger, limits }), webRoutes],
  });
  endpoint.attach(http.server);
  const clients: Client[] = [];
  const connectFn = socketConnect(tokens, limits);
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function connect(token: string): Promise<Client> {
    const assigns = await connectFn({ token }, { ip: '127.0.0.1', headers: {}, origin: undefined, authToken: undefined });
    if (assigns === null || !('playerId' in assigns)) throw new Error(`connect refused: ${JSON.stringify(assigns)}`);
    const t = new ChannelTest<PlayerAssigns>({ channels: channels as never, pubsub, presence, supervisor: channelSup, assigns, timeoutMs });
    const c = new Client(t, token, () => connect(token));
    clients.push(c);
    return c;
  }

  return {
    config, ledger, tables, tokens, tracker, http, connect,
    async guest(name) {
      const res = await http.inject({ method: 'POST', url: '/api/guests', payload: name === undefined ? {} : { name } });
      assert.equal(res.statusCode, 201, res.body);
      return connect(res.json().token);
    },
    async player(playerId, balance = 0) {
      if (balance > 0) await ledger.wallet.deposit({ player: playerId, currency: CURRENCY, amount: balance, key: `fund:${playerId}` });
      return connect(await tokens.issue({ playerId, name: playerId }));
    },
    balance: (playerId) => ledger.wallet.playerBalance(playerId, CURRENCY),
    async crash(tableId) {
      const before = tables.lookup(tableId);
      assert.ok(before, `no table ${tableId}`);
      exit(before, 'kill');
      for (let i = 0; i < 1000; i++) {
        const now = tables.lookup(tableId);
        if (now !== undefined && now !== before) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.fail(`table ${tableId} did not come back`);
    },
    async assertBalanced({ allowOpenRounds = false } = {}) {
      const check = await ledger.check();
      const open = allowOpenRounds ? {} : { open: check.open_rounds };
      assert.deepEqual({ sum: check.sum, negative: check.negative_balances, ...open, ok: check.ok },
        { sum: 0, negative: 0, ...(allowOpenRounds ? {} : { open: 0 }), ok: true }, JSON.stringify(check));
    },
    async close() {
      for (const c of clients) await c.close();
      await endpoint.close();
      await http.close();
      if (ticker) await stop(ticker, 'shutdown').catch(() => {});
      await DynamicSupervisor.stop(channelSup, 'shutdown').catch(() => {});
      await DynamicSupervisor.stop(tableSup, 'shutdown').catch(() => {});
      await store.close();
    },
  };
}

/** One connected socket of a player, as a client holds it. */
export class Client {
  readonly t: ChannelTest<PlayerAssigns>;
  readonly token: string;
  readonly #reconnect: () => Promise<Client>;
  #closed = false;
  constructor(t: ChannelTest<PlayerAssigns>, token: string, reconnect: () => Promise<Client>) {
    this.t = t;
    this.token = token;
    this.#reconnect = reconnect;
  }

  get id(): string {
    return (this.t.socket.assigns as PlayerAssigns).playerId;
  }

  get name(): string {
    return (this.t.socket.assigns as PlayerAssigns).name;
  }

  /** Joins `topic`, asserting the join is accepted. */
  async join(topic: string, payload: JsonObject = {}): Promise<Joined> {
    const earlier = new Set(this.t.frames);
    const { reply, channel } = await this.t.join(topic, payload);
    assert.equal(reply.status, 'ok', `join ${topic}: ${JSON.stringify(reply.response)}`);
    return new Joined(this.t, channel, reply.response, earlier);
  }

  /** Joins `topic` and returns the reply, whatever it is. */
  async tryJoin(topic: string, payload: JsonObject = {}): Promise<Reply> {
    return (await this.t.join(topic, payload)).reply;
  }

  #lobby: Promise<Joined> | null = null;
  /** The lobby, joined once per socket (a second join would replace the first). */
  lobby = (): Promise<Joined> => (this.#lobby ??= this.join('lobby'));
  table = (id: string): Promise<Joined> => this.join(`table:${id}`);
  me = (): Promise<Joined> => this.join(`player:${this.id}`);

  /** A table found by the lobby's find_table, joined. */
  async find(game: string, extra: JsonObject = {}): Promise<Joined> {
    const lobby = await this.lobby();
    const found = await lobby.push('find_table', { game, ...extra });
    assert.equal(found.status, 'ok', JSON.stringify(found.response));
    return this.table(found.response.id);
  }

  /** This socket goes away (as a dropped connection) and a new one for the same token comes. */
  async reconnect(): Promise<Client> {
    await this.close();
    return this.#reconnect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.t.close();
  }
}

/**
 * A joined channel: what the client has received on its topic since this join (its own
 * pushes, carrying its join ref, and the topic's broadcasts), and pushes to it.
 */
export class Joined {
  readonly #t: ChannelTest<PlayerAssigns>;
  readonly #earlier: ReadonlySet<Frame>;
  readonly ch: TestChannel;
  /** The join reply's response. */
  readonly reply: any;
  constructor(t: ChannelTest<PlayerAssigns>, ch: TestChannel, reply: any, earlier: ReadonlySet<Frame>) {
    this.#t = t;
    this.ch = ch;
    this.reply = reply;
    this.#earlier = earlier;
  }

  get topic(): string {
    return this.ch.topic;
  }

  get tableId(): string {
    return this.topic.slice('table:'.length);
  }

  #mine(f: Frame, event: string): boolean {
    return f.topic === this.topic && f.event === event && (f.joinRef === null || f.joinRef === this.ch.joinRef) && !this.#earlier.has(f);
  }

  /** Payloads of every push with `event` on this topic, in order. */
  pushes(event: string): any[] {
    return this.#t.frames.filter((f) => this.#mine(f, event)).map((f) => f.payload);
  }

  /** The latest personal state: the last `state` push, else the join reply's. */
  get state(): any {
    const frames = this.#t.frames;
    for (let i = frames.length - 1; i >= 0; i--) if (this.#mine(frames[i]!, 'state')) return frames[i]!.payload;
    return this.reply.state;
  }

  /** Public table events received, in order (of one type when given). */
  events(type?: string): any[] {
    const all = this.pushes('event');
    return type === undefined ? all : all.filter((e) => e.type === type);
  }

  push(event: string, payload: JsonObject = {}): Promise<Reply> {
    return this.ch.push(event, payload);
  }

  act(payload: JsonObject): Promise<Reply> {
    return this.ch.push('act', payload);
  }

  /** Waits until `pred` holds over what this client received. */
  until(what: string, pred: () => boolean, timeoutMs?: number): Promise<void> {
    return this.#t.until(what, pred, timeoutMs);
  }

  leave(): Promise<Reply> {
    return this.ch.leave();
  }

  /** The seat this player holds in the latest state, or undefined. */
  get mySeat(): number | undefined {
    const me = (this.#t.socket.assigns as PlayerAssigns).playerId;
    return this.state?.seats?.find((s: any) => s.player_id === me)?.seat;
  }
}

/** Asserts a reply is ok and returns its response. */
export function ok(r: Reply): any {
  assert.equal(r.status, 'ok', JSON.stringify(r.response));
  return r.response;
}

/** Asserts a reply is an error with `reason` (and a message) and returns its response. */
export function refused(r: Reply, reason: string, what = ''): any {
  assert.deepEqual([r.status, r.response?.reason], ['error', reason], `${what} ${JSON.stringify(r.response)}`);
  assert.equal(typeof r.response.message, 'string');
  return r.response;
}

export { type Reply };
