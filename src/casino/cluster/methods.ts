// What nodes ask each other about tables (the RPC methods of cluster_tables.ts), each with
// the schema its receiver parses the request with and the one its caller parses the reply
// with. The peer's channel already validated what its client sent; these schemas guard the
// node boundary itself (another version of the code, a bug, a corrupted frame).
import { z } from 'zod';
import type { JsonObject } from '../../wire/index.ts';
import type { TableReply } from '../tables/reply.ts';

/** The shape of a method a Peers implementation carries (src/cluster/rpc.ts's RpcMethod). */
export interface PeerMethod<Req, Res> {
  readonly name: string;
  readonly request: z.ZodType<Req>;
  readonly response: z.ZodType<Res>;
}

const method = <Req, Res>(name: string, request: z.ZodType<Req>, response: z.ZodType<Res>): PeerMethod<Req, Res> => ({ name, request, response });

const Id = z.string().min(1).max(128);
const Str = z.string().max(4096);
const Obj = z.record(z.string(), z.unknown()).transform((o) => o as JsonObject);
const Game = z.enum(['slots', 'roulette', 'blackjack', 'baccarat', 'holdem']);

/** A call a member on another node forwards to the table (the client fields already parsed there). */
export const Forwarded = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sit'), playerId: Id, name: Str, seat: z.number().int().min(0).max(99).optional(), buyIn: z.number().int().positive().optional() }),
  z.object({ type: z.literal('leave_seat'), playerId: Id }),
  z.object({ type: z.literal('act'), playerId: Id, payload: Obj, key: Str.nullable() }),
  z.object({ type: z.literal('resume'), since: z.number().int().min(0) }),
  z.object({ type: z.literal('chat'), playerId: Id, name: Str, text: Str }),
]);
export type ForwardedCall = z.infer<typeof Forwarded>;

// Not client input: the owner node's answer over the internal bus. A refusal keeps the
// fields beyond reason and message (its details: `retry_after`, `table_id`…) for the client.
const Reply = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.looseObject({ reason: z.string(), message: z.string() }) }),
]).transform((r) => r as TableReply);

/** Join a table owned by the receiver; `link` names this member in every later message. */
export const JOIN = method('table.join', z.object({ table: Id, link: Id, playerId: Id, name: Str }), z.object({ joined: Obj, game: Game }));
/** A member's call to its table. */
export const CALL = method('table.call', z.object({ link: Id, msg: Forwarded }), Reply);
/** The member left (its channel stopped): cast. */
export const LEAVE = method('table.leave', z.object({ link: Id }), z.null());
/** The table's personal push to a member (its `state`, a notice): cast, owner → member's node. */
export const PUSH = method('table.push', z.object({ link: Id, event: z.string().min(1).max(64), payload: Obj }), z.null());
/** The member's table is gone from the owner (closed, or given up): cast, owner → member's node. */
export const GONE = method('table.gone', z.object({ link: Id }), z.null());
/** Open a table on the receiver: `id` given, that table; else the receiver's find (a private table is its player's). */
export const OPEN = method('table.open',
  z.object({ game: Game, shared: z.boolean(), min_bet: z.number().int().positive().optional(), owner: Id.optional(), id: Id.optional() }),
  z.object({ id: Id }));
/** Start a table a draining node just handed off (its claim an orphan carrying the hand-over record); the reply once it serves. */
export const TAKE = method('table.take', z.object({ table: Id }), z.object({ id: Id }));
/** Drain the receiving node: it hands its tables over, closes its sockets and stops (`pitboss drain`). */
export const DRAIN_NODE = method('node.drain', z.object({ by: Str }), z.object({ node: Id, tables: z.number().int().min(0) }));
