// The messages the bench processes exchange over Node IPC, and the workload
// constants every implementation shares. Keeping them in one file is what makes
// "the same workload" checkable: every server and client imports these.

/** Players per table: the issue fixes rooms of 6. */
export const ROOM_SIZE = 6;
/** Padding that brings every action payload to a realistic table-event size. */
export const PAD = 'x'.repeat(64);

/** Which server implementation a run targets. */
export const SERVER_KINDS = ['pitboss', 'ws-raw', 'socketio', 'colyseus'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** The action a client sends: seq, send time (load-process clock, ms), padding. */
export interface ActPayload { s: number; t: number; p: string }
/** The broadcast every member receives: the action plus the sender's index. */
export interface EventPayload extends ActPayload { f: number }

/** A server's own view of itself, sent to the runner on request. */
export interface ServerStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Cumulative CPU time of the server process in microseconds. */
  cpuUser: number;
  cpuSystem: number;
  connections: number;
  rooms: number;
  /** Event-loop delay of the server's main thread since the previous stats or gc request (ms). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** A bench cluster (harness/nodes.ts): frames and bytes on the Redis bus since the nodes started. */
  busFrames?: number;
  busBytes?: number;
}

export type ServerRequest = { id: number; cmd: 'stats' | 'gc' | 'ledger-check' };
export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'reply'; id: number; stats: ServerStats }
  /** The answer to 'ledger-check' (servers with a ledger only): `ledger.check()`, or an error. */
  | { type: 'ledger'; id: number; check: Record<string, unknown> | null; error?: string };

/**
 * `--target tables`: the game whose table processes host the fanout and idle rooms. Each
 * room asks the lobby for a table of its own (`find_table {game, shared: false}`), and its
 * six members join that table's channel as spectators; chat needs no seat.
 */
export const TABLES_GAME = 'baccarat';

/** The games a `mixed` run seats bots at. */
export const MIXED_GAMES = ['slots', 'roulette', 'baccarat', 'blackjack', 'holdem'] as const;
export type MixedGame = (typeof MIXED_GAMES)[number];
/** mixed: a slots bot's pause between a spin's reply and its next spin. */
export const MIXED_SLOTS_THINK_MS = 500;
/**
 * mixed: hold'em bots per table. Each group asks for its own big blind (min_bet 100, 101,
 * …) so `find_table` gives every group a table of its own instead of filling nine seats.
 */
export const MIXED_HOLDEM_PER_TABLE = 4;

/**
 * The port client `idx` connects to: with `ports` (the nodes of a cluster, one port each),
 * clients go round-robin over them, so neighbours in a room of six sit on different nodes.
 */
export function portFor(port: number, ports: readonly number[] | undefined, idx: number): number {
  return ports && ports.length > 0 ? ports[idx % ports.length]! : port;
}

/** Commands the runner sends to the load process; each gets one reply with the same id. */
export type LoadCommand =
  | { id: number; cmd: 'connect'; kind: ServerKind; port: number; ports?: number[]; count: number; concurrency: number; addresses: number; topicPrefix: string }
  | { id: number; cmd: 'join'; concurrency: number }
  | { id: number; cmd: 'storm'; kind: ServerKind; port: number; count: number; concurrency: number; addresses: number; topicPrefix: string }
  | { id: number; cmd: 'fanout'; rate: number; durationMs: number; drainMs: number }
  | { id: number; cmd: 'slots-seat'; port: number; ports?: number[]; players: number }
  | { id: number; cmd: 'slots-spin'; durationMs: number; bet: number }
  | { id: number; cmd: 'mixed-seat'; port: number; ports?: number[]; players: Record<MixedGame, number> }
  | { id: number; cmd: 'mixed-play'; durationMs: number; windDownMs: number }
  | { id: number; cmd: 'check' }
  | { id: number; cmd: 'close' };

export interface LoadReply {
  id: number;
  ok: boolean;
  error?: string;
  [k: string]: unknown;
}
