// Tables across the nodes of a cluster (REDIS_URL set). Each table has one owner, the node
// whose TableManager runs it; the cluster's directory in Redis (src/cluster/table_claims.ts)
// says which. This module is what the lobby and the table channel use instead of the
// node's own manager:
//   - the lobby lists every table of the cluster (the directory's rows), and `find_table`
//     places a new table by rendezvous hashing over the live nodes — a shared table by its
//     id, a player's private tables by the player, so one node keeps a player's private
//     tables and their cap — and opens it there;
//   - a channel joining a table owned by another node gets a link: its calls go to the
//     owner over RPC, where a RemoteMember process is the table's member on its behalf and
//     relays the table's personal pushes back; the table's public broadcasts cross by the
//     bus like any broadcast;
//   - the dead node's tables are adopted: when a node goes down, each live node starts the
//     orphaned tables placement gives it, from their journals (their rounds are completed
//     by the table's own recovery, under this node's fence);
//   - a draining node hands its tables over between rounds (drain()): each table finishes
//     its round, its claim becomes an orphan carrying its seats and state, and the node
//     placement picks among the others is asked to take it (TAKE) at once.
// The cluster layer is reached through the small interfaces below (the casino does not
// import src/cluster); main.ts passes the real ones.
import { randomBytes } from 'node:crypto';
import { call, isProcessError, onExit, start, stop, send, type Pid } from '../../runtime/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import { PitbossError } from '../../errors.ts';
import { DEFAULT_PAGE, MAX_PAGE, sharedByDefault, type TableManager, type TablePage } from '../tables/manager.ts';
import { parseHandOver, movingRefusal, type HandOver } from '../tables/hand_over.ts';
import type { RoomReply } from '../tables/room.ts';
import type { GameId, TableConfig, TableGame } from '../tables/types.ts';
import type { TableDirectory } from '../lobby_channel.ts';
import { RemoteMember } from './remote_member.ts';
import { CALL, GONE, JOIN, LEAVE, OPEN, PUSH, TAKE, type ForwardedCall, type PeerMethod } from './methods.ts';

/** Requests and casts to other nodes (src/cluster/rpc.ts). */
export interface Peers {
  readonly nodeId: string;
  call<Req, Res>(node: string, m: PeerMethod<Req, Res>, req: Req, timeoutMs?: number): Promise<Res>;
  cast<Req>(node: string, m: PeerMethod<Req, unknown>, req: Req): void;
  handle<Req, Res>(m: PeerMethod<Req, Res>, fn: (req: Req, from: string) => Promise<Res> | Res): void;
}

/** Who is live, and when one goes (src/cluster/membership.ts). */
export interface ClusterView {
  on(event: 'down', fn: (node: string) => void): unknown;
  off(event: 'down', fn: (node: string) => void): unknown;
}

export interface ClaimedTable {
  node: string;
  token: number;
  config: JsonObject & { id: string };
  /** left by a draining holder for the next owner (hand_over.ts; parsed by its reader) */
  handover?: unknown;
}

/** The cluster's table directory (src/cluster/table_claims.ts). */
export interface ClusterDirectory {
  holder(tableId: string): Promise<ClaimedTable | null>;
  orphans(): Promise<ClaimedTable[]>;
  /** The table's claim when it waits for an owner, else null. */
  orphan(tableId: string): Promise<ClaimedTable | null>;
  page(after: string | undefined, limit: number): Promise<TablePage>;
  /** Lets a table this node holds go to its next owner, with the record it starts from. */
  handOff(tableId: string, handover: JsonObject): Promise<boolean>;
}

/** One table's hand-over as drain() reports it. */
export interface HandOverReport {
  table: string;
  result: 'moved' | 'gone' | 'left';
  /** the node asked to take it (null: none was live and placeable; the orphan waits for adoption) */
  to: string | null;
  /** from the drain's start until the new owner served it (moved), or gave up */
  ms: number;
}

/** A table on another node, as a channel holds it. */
export interface RemoteRoom {
  readonly node: string;
  call(msg: ForwardedCall): Promise<RoomReply>;
  /** The channel is leaving: the owner drops its member. */
  close(): void;
}

export interface ClusterTablesDeps {
  tables: TableManager;
  games: Partial<Record<GameId, TableGame<any>>>;
  peers: Peers;
  members: ClusterView;
  /**
   * How often to look for orphaned tables besides the `down` events (default 5 s). Two nodes
   * whose views of the live set differ for a moment can each leave an orphan to the other;
   * the sweep makes sure some node takes it within this time.
   */
  sweepMs?: number;
  directory: ClusterDirectory;
  /** The live, not draining node that owns `key` (rendezvous hashing, src/cluster/placement.ts). */
  place: (key: string) => string | null;
  /** Tells the cluster this node drains (membership: placement everywhere leaves it out). */
  markDraining?: () => Promise<void>;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

interface Link {
  pid: Pid;
  node: string;
}

interface Member {
  pid: Pid;
  from: string;
  playerId: string;
  tableId: string;
}

export class ClusterTables implements TableDirectory {
  readonly #d: ClusterTablesDeps;
  readonly #self: string;
  /** This node's channels at other nodes' tables, by link. */
  readonly #links = new Map<string, Link>();
  /** Other nodes' channels at this node's tables, by link. */
  readonly #members = new Map<string, Member>();
  #adopting: Promise<void> = Promise.resolve();
  /** Links whose member ended lately, → its table: a call crossing the end is answered precisely (kept DEPARTED_MS). */
  readonly #departed = new Map<string, string>();
  /** This node drains: it opens and adopts nothing, and hands its tables over. */
  #draining = false;
  #sweep: NodeJS.Timeout | null = null;
  /** adoptions asked for and not yet run (the sweep asks only when none waits) */
  #pendingAdopts = 0;
  readonly #onDown = (node: string) => {
    for (const [link, l] of this.#links) {
      if (l.node !== node) continue;
      this.#links.delete(link);
      send(l.pid, { type: 'room_down' });
    }
    for (const [link, m] of this.#members) if (m.from === node) this.#drop(link);
    void this.adopt();
  };

  constructor(deps: ClusterTablesDeps) {
    this.#d = deps;
    this.#self = deps.peers.nodeId;
  }

  start(): void {
    const { peers } = this.#d;
    peers.handle(JOIN, (r, from) => this.#join(r, from));
    peers.handle(CALL, async (r, from) => {
      const m = this.#members.get(r.link);
      if (m === undefined || m.from !== from) {
        // A call that crossed the member's end: its table moved away (the channel's notice is on its way), or it restarted.
        const moved = this.#departed.get(r.link);
        if (moved !== undefined && this.#d.tables.movedAway(moved)) throw movingRefusal(moved, 'the action did not happen');
        throw new PitbossError('unavailable', 'not a member of this table (it restarted elsewhere?)');
      }
      if ('playerId' in r.msg && r.msg.playerId !== m.playerId) throw new PitbossError('forbidden', 'a member acts for its own player only');
      try {
        return await call<RoomReply>(m.pid, { type: 'call', msg: r.msg }, 12_000);
      } catch (err) {
        // The member went with its table (handed over, or gone) before it took this call: it did not happen.
        if (!isProcessError(err, 'noproc') && !isProcessError(err, 'exit')) throw err;
        const { tables } = this.#d;
        if (tables.isMoving(m.tableId) || tables.movedAway(m.tableId)) throw movingRefusal(m.tableId, 'the action did not happen');
        throw new PitbossError('unavailable', 'the table is restarting; try again');
      }
    });
    peers.handle(LEAVE, (r, from) => {
      if (this.#members.get(r.link)?.from === from) this.#drop(r.link);
      return null;
    });
    peers.handle(PUSH, (r) => {
      const l = this.#links.get(r.link);
      if (l !== undefined) send(l.pid, { type: 'push', event: r.event, payload: r.payload });
      return null;
    });
    peers.handle(GONE, (r) => {
      const l = this.#links.get(r.link);
      if (l !== undefined) {
        this.#links.delete(r.link);
        send(l.pid, { type: 'room_down' });
      }
      return null;
    });
    peers.handle(TAKE, async (r) => {
      if (this.#draining) throw new PitbossError('unavailable', `${this.#self} is draining`, { cause: 'node_draining' });
      const o = await this.#d.directory.orphan(r.table);
      if (o === null) {
        if (this.#d.tables.lookup(r.table) !== undefined) return { id: r.table }; // adopted here already
        throw new PitbossError('not_found', `table ${r.table} is not waiting for an owner`);
      }
      await this.#adoptOne(o);
      if (this.#d.tables.lookup(r.table) === undefined) throw new PitbossError('unavailable', `table ${r.table} did not start on ${this.#self}`);
      return { id: r.table };
    });
    peers.handle(OPEN, async (r) => {
      // Placement over a stale view of the draining nodes: refused as a clean retry (the asker's next scan leaves this node out).
      if (this.#draining) throw new PitbossError('unavailable', `${this.#self} is draining: it opens no table; try again`, { cause: 'node_draining', retry: true });
      if (r.id !== undefined) {
        return { id: (await this.#d.tables.create(r.game, { id: r.id, shared: r.shared, ...(r.min_bet !== undefined ? { minBet: r.min_bet } : {}) })).id };
      }
      return { id: await this.#d.tables.find({ game: r.game, shared: r.shared, ...(r.min_bet !== undefined ? { minBet: r.min_bet } : {}), ...(r.owner !== undefined ? { owner: r.owner } : {}) }) };
    });
    this.#d.members.on('down', this.#onDown);
    this.#sweep = setInterval(() => {
      if (this.#pendingAdopts === 0) void this.adopt();
    }, this.#d.sweepMs ?? 5000);
    this.#sweep.unref();
  }

  stop(): void {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = null;
    this.#d.members.off('down', this.#onDown);
    for (const link of [...this.#members.keys()]) this.#drop(link);
    for (const [link, l] of this.#links) {
      this.#links.delete(link);
      send(l.pid, { type: 'room_down' });
    }
  }

  // ---- the lobby ------------------------------------------------------------------

  games(): GameId[] {
    return this.#d.tables.games();
  }

  page(opts: { after?: string | undefined; limit?: number | undefined } = {}): Promise<TablePage> {
    const asked = Math.floor(opts.limit ?? DEFAULT_PAGE);
    return this.#d.directory.page(opts.after, Number.isFinite(asked) ? Math.min(Math.max(asked, 1), MAX_PAGE) : DEFAULT_PAGE);
  }

  async list(): Promise<JsonObject[]> {
    const out: JsonObject[] = [];
    let after: string | undefined;
    do {
      const p = await this.#d.directory.page(after, MAX_PAGE);
      out.push(...p.tables);
      after = p.next ?? undefined;
    } while (after !== undefined);
    return out;
  }

  /**
   * A shared table with a free seat anywhere in the cluster, else a new one on the node
   * placement picks for its id; a private table on the node placement picks for its player
   * (which keeps that player's private tables, reuses them and caps them).
   */
  async find(opts: { game: GameId; minBet?: number; shared?: boolean; owner?: string }): Promise<string> {
    if (opts.minBet !== undefined && !this.#d.tables.honoursMinBet(opts.game)) {
      const { minBet: _ignored, ...rest } = opts; // the hall's configuration sets this game's limits
      opts = rest;
    }
    const shared = opts.shared ?? sharedByDefault(opts.game);
    const minBet = opts.minBet !== undefined ? { minBet: opts.minBet } : {};
    if (!shared && opts.owner !== undefined) {
      const node = this.#d.place(`player:${opts.owner}`);
      if (node === null || node === this.#self) return this.#d.tables.find({ ...opts, shared });
      return (await this.#d.peers.call(node, OPEN, { game: opts.game, shared, owner: opts.owner, ...(opts.minBet !== undefined ? { min_bet: opts.minBet } : {}) })).id;
    }
    for (const t of await this.list()) {
      if (t['game'] !== opts.game || t['shared'] !== shared) continue;
      if ((t['players'] as number) >= (t['seats'] as number)) continue;
      if (opts.minBet !== undefined && t['min_bet'] !== opts.minBet) continue;
      return t['id'] as string;
    }
    const id = `${opts.game}-${randomBytes(4).toString('hex')}`;
    const node = this.#d.place(id);
    if (node === null || node === this.#self) return (await this.#d.tables.create(opts.game, { id, shared, ...minBet })).id;
    return (await this.#d.peers.call(node, OPEN, { game: opts.game, shared, id, ...(opts.minBet !== undefined ? { min_bet: opts.minBet } : {}) })).id;
  }

  // ---- tables of other nodes, for this node's channels ----------------------------------

  /**
   * Joins a table another node owns on behalf of the channel `pid`: the table's personal
   * pushes will arrive at `pid` as `{type: 'push'}`, and `{type: 'room_down'}` when the link
   * breaks (the owner died, or the table is gone). Null: no live node holds the table.
   */
  async join(tableId: string, playerId: string, name: string, pid: Pid): Promise<{ joined: JsonObject; game: TableGame<unknown>; room: RemoteRoom } | null> {
    const claim = await this.#d.directory.holder(tableId);
    if (claim === null || claim.node === this.#self) return null;
    const node = claim.node;
    const link = `${this.#self}.${randomBytes(6).toString('hex')}`;
    this.#links.set(link, { pid, node });
    let r: { joined: JsonObject; game: GameId };
    try {
      r = await this.#d.peers.call(node, JOIN, { table: tableId, link, playerId, name });
    } catch (err) {
      this.#links.delete(link);
      throw err;
    }
    const game = this.#d.games[r.game];
    if (game === undefined) throw new PitbossError('not_found', `no game ${r.game} on this node`);
    const room: RemoteRoom = {
      node,
      call: (msg) => this.#d.peers.call(node, CALL, { link, msg }, 12_000),
      close: () => {
        if (this.#links.delete(link)) this.#d.peers.cast(node, LEAVE, { link });
      },
    };
    return { joined: r.joined, game, room };
  }

  /** Channels of other nodes at this node's tables (tests, stats). */
  get remoteMembers(): number {
    return this.#members.size;
  }

  async #join(r: { table: string; link: string; playerId: string; name: string }, from: string): Promise<{ joined: JsonObject; game: GameId }> {
    const game = this.#d.tables.gameOf(r.table);
    if (game === undefined || this.#d.tables.lookup(r.table) === undefined) throw new PitbossError('not_found', `no table ${r.table} on ${this.#self}`);
    const { peers } = this.#d;
    const pid = await start(RemoteMember, {
      tables: this.#d.tables, tableId: r.table, playerId: r.playerId, name: r.name,
      relay: (event, payload) => peers.cast(from, PUSH, { link: r.link, event, payload }),
      gone: () => {
        this.#depart(r.link);
        peers.cast(from, GONE, { link: r.link });
      },
    });
    this.#members.set(r.link, { pid, from, playerId: r.playerId, tableId: r.table });
    // However the member ends (it crashed, its table went), its entry goes and the channel's node is told.
    onExit(pid, () => {
      if (this.#members.get(r.link)?.pid !== pid) return;
      this.#depart(r.link);
      peers.cast(from, GONE, { link: r.link });
    });
    const joined = await call<RoomReply>(pid, { type: 'join' });
    if (!joined.ok) {
      this.#drop(r.link);
      throw new PitbossError('unavailable', joined.error.message);
    }
    return { joined: joined.value as JsonObject, game: game.game };
  }

  #drop(link: string): void {
    const m = this.#members.get(link);
    if (m === undefined) return;
    this.#members.delete(link);
    void stop(m.pid, 'normal').catch(() => {});
  }

  /** The member's entry goes; its table is remembered for a while, for calls already on their way. */
  #depart(link: string): void {
    const m = this.#members.get(link);
    if (m === undefined) return;
    this.#members.delete(link);
    this.#departed.set(link, m.tableId);
    setTimeout(() => this.#departed.delete(link), DEPARTED_MS).unref();
  }

  // ---- owning tables: the defaults, and a dead node's -------------------------------

  /** The tables every cluster has (`baccarat-1`, …): each opened by the node placement picks, once in the cluster. */
  async openDefaults(specs: Array<{ game: GameId; id: string; shared?: boolean }>): Promise<void> {
    for (const s of specs) {
      if (this.#d.place(s.id) !== this.#self || (await this.#d.directory.holder(s.id)) !== null) continue;
      await this.#open(s.game, { id: s.id, ephemeral: false, ...(s.shared !== undefined ? { shared: s.shared } : {}) });
    }
  }

  /**
   * Starts the tables of dead nodes that placement now gives this node, from their claims'
   * configs: claiming takes the table over (the dead node's lease is gone), and the table's
   * start completes its open round from the journal. One adoption at a time.
   */
  adopt(): Promise<void> {
    this.#pendingAdopts++;
    this.#adopting = this.#adopting.then(async () => {
      this.#pendingAdopts--;
      if (this.#draining) return; // its own tables are leaving: it takes none
      let orphans: ClaimedTable[];
      try {
        orphans = await this.#d.directory.orphans();
      } catch (err) {
        return this.#d.log?.warn({ err }, 'could not list tables of dead nodes');
      }
      for (const o of orphans) {
        if (this.#d.place(placementKey(o)) !== this.#self) continue;
        await this.#adoptOne(o);
      }
    });
    return this.#adopting;
  }

  /** Starts one orphaned table here: a dead node's (its round recovered from the journal) or a handed-off one (from its record). */
  async #adoptOne(o: ClaimedTable): Promise<void> {
    const c = o.config as unknown as TableConfig;
    if (this.#d.tables.gameOf(c.id) !== undefined) return; // already here (a TAKE and an adoption crossed)
    const h = o.handover === undefined ? null : parseHandOver(o.handover);
    if (o.handover !== undefined && h === null) this.#d.log?.warn({ table: c.id }, 'a hand-over record did not parse: the table starts from its journal alone');
    const owner = h !== null && typeof (o.handover as { owner?: unknown }).owner === 'string' ? (o.handover as { owner: string }).owner : undefined;
    const started = Date.now();
    if (await this.#open(c.game, { id: c.id, name: c.name, seats: c.seats, minBet: c.minBet, maxBet: c.maxBet, shared: c.shared, options: c.options, ephemeral: c.ephemeral }, owner, h ?? undefined)) {
      this.#d.log?.info({ table: c.id, from: o.node, ms: Date.now() - started, handed_over: h !== null }, h !== null ? 'took over a table handed over by a draining node' : 'took over a table of a dead node');
    }
  }

  // ---- drain: this node hands its tables over and stops --------------------------------

  /** Whether this node is draining. */
  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Hands every table of this node over to the others between rounds, all at once; resolves
   * when each has moved or the deadline passed (tables still running a round then are left
   * to the node's stop, and to failover as before). From now on this node opens and adopts
   * no table, and every node's placement leaves it out.
   */
  async drain(deadline: number): Promise<HandOverReport[]> {
    this.#draining = true;
    await this.#d.markDraining?.().catch((err: unknown) => this.#d.log?.warn({ err }, 'could not mark this node draining in Redis'));
    const started = Date.now();
    return Promise.all(this.#d.tables.ids().map(async (id): Promise<HandOverReport> => {
      let to: string | null = null;
      const deliver = async (config: TableConfig, h: HandOver, owner: string | undefined) => {
        if (!(await this.#d.directory.handOff(id, { ...h, ...(owner !== undefined ? { owner } : {}) } as unknown as JsonObject))) {
          return void this.#d.log?.warn({ table: id }, 'hand-over: the claim was no longer ours');
        }
        to = this.#d.place(owner !== undefined && !config.shared ? `player:${owner}` : id);
        if (to === null || to === this.#self) return void (to = null); // nobody else takes tables: adopted when one does, or when this node is gone
        try {
          await this.#d.peers.call(to, TAKE, { table: id }, 12_000);
        } catch (err) {
          // The orphan stays in the directory: adopted at the next node down, this one's exit included.
          this.#d.log?.warn({ err, table: id, to }, 'hand-over: the new owner did not take the table');
        }
      };
      let result: HandOverReport['result'];
      try {
        result = await this.#d.tables.handOver(id, deliver, deadline);
      } catch (err) {
        this.#d.log?.error({ err, table: id }, 'hand-over failed');
        result = 'left';
      }
      return { table: id, result, to, ms: Date.now() - started };
    }));
  }

  async #open(game: GameId, over: Partial<Omit<TableConfig, 'game'>>, owner?: string, handedOver?: HandOver): Promise<boolean> {
    try {
      await this.#d.tables.create(game, over, owner, handedOver);
      return true;
    } catch (err) {
      // Another node claimed it first (views of who is live differ for a moment): theirs.
      if (err instanceof PitbossError && err.reason === 'unavailable') return false;
      this.#d.log?.error({ err, table: over.id }, 'could not open a table');
      return false;
    }
  }
}

/** How long a departed member's table is remembered (a call in flight arrives well within it). */
const DEPARTED_MS = 30_000;

/** Where an orphan goes: a player's private table where that player's tables are placed, any other by its id. */
function placementKey(o: ClaimedTable): string {
  const owner = (o.handover as { owner?: unknown } | undefined)?.owner;
  return typeof owner === 'string' && (o.config as { shared?: unknown }).shared === false ? `player:${owner}` : o.config.id;
}
