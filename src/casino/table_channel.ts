// `table:<id>`: join as a spectator (reply: the personal state), then sit, act, chat,
// resume. The channel validates every payload at the boundary and forwards to the table
// process; the table never trusts a client field it did not validate. The channel watches
// its table: if the table crashes and its supervisor brings it back, the channel
// re-attaches and pushes a fresh `state` and a `notice`; if it does not come back, the
// channel stops and the client is told the table closed. A table that hibernates
// (tables/hibernation.ts) is none of that: the channel forgets its pid, and its next call
// wakes the table, which also tells the channel its new pid (room_woke).
import { z } from 'zod';
import { Channel, type ChannelSocket, type JsonObject } from '../wire/index.ts';
import { call, onExit, send, type Pid } from '../runtime/index.ts';
import { isHibernation, type RoomWoke } from './tables/hibernation.ts';
import { movingRefusal } from './tables/hand_over.ts';
import { PitbossError } from '../errors.ts';
import type { PlayerAssigns } from './socket_auth.ts';
import type { TableManager } from './tables/manager.ts';
import { ipKey, type Limits } from './limits/index.ts';
import { prepareChat, type ChatOptions } from './chat/index.ts';
import type { RoomCall, RoomReply } from './tables/room.ts';
import { unwrap } from './tables/reply.ts';
import type { RoomPush } from './tables/views.ts';
import { parseAct } from './tables/actions.ts';
import type { TableGame } from './tables/types.ts';
import { parseOrRefuse as parse } from '../parse.ts';
import type { ClusterTables, RemoteRoom } from './cluster/cluster_tables.ts';
import type { ForwardedCall } from './cluster/methods.ts';

const Sit = z.object({ seat: z.number().int().min(0).max(99).optional(), buy_in: z.number().int().positive().optional() }).strict();
const Resume = z.object({ since: z.number().int().min(0) }).strict();
const Chat = z.object({ text: z.unknown() }).strict();
const Empty = z.object({}).strict();

export interface TableChannelDeps {
  tables: TableManager;
  limits?: Limits;
  chat?: ChatOptions;
  tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void };
  /** Cluster mode: tables other nodes own, reached through their owner (casino/cluster/). */
  remote?: Pick<ClusterTables, 'join'>;
}

type Assigns = PlayerAssigns & { tableId?: string; game?: TableGame<unknown>; room?: Pid; remote?: RemoteRoom; unwatch?: () => void };

export function tableChannel(deps: TableChannelDeps) {
  return class TableChannel extends Channel<Assigns> {
    async join(topic: string, _payload: JsonObject, socket: ChannelSocket<Assigns>): Promise<JsonObject> {
      const id = topic.slice('table:'.length);
      await deps.limits?.take('join', ipKey(socket.assigns.ip));
      // A hibernated table of ours wakes here; none: another node's (cluster mode) or no table.
      const room = await deps.tables.wake(id);
      socket.assigns.tableId = id;
      let joined: JsonObject;
      if (room) {
        socket.assigns.game = deps.tables.gameOf(id);
        joined = await this.attach(room, socket);
      } else {
        // Cluster mode: another node's table — calls go to its owner, its pushes come back.
        const far = await deps.remote?.join(id, socket.assigns.playerId, socket.assigns.name, socket.pid as Pid);
        if (!far) throw new PitbossError('not_found', `no table ${id}`);
        Object.assign(socket.assigns, { game: far.game, remote: far.room, unwatch: () => far.room.close() });
        joined = far.joined;
      }
      deps.tracker?.track('table_channel', socket.pid, { player_id: socket.assigns.playerId, table_id: id });
      return joined;
    }

    override async handleIn(event: string, payload: JsonObject, socket: ChannelSocket<Assigns>): Promise<unknown> {
      const { playerId, name } = socket.assigns;
      if (event === 'chat') {
        await deps.limits?.take('chat', playerId);
        const { text } = prepareChat(parse(Chat, payload).text, deps.chat);
        return this.room(socket, { type: 'chat', playerId, name, text });
      }
      if (event === 'sit' || event === 'leave_seat' || event === 'act') await deps.limits?.take('action', playerId);
      switch (event) {
        case 'sit': {
          const p = parse(Sit, payload);
          return this.room(socket, { type: 'sit', playerId, name, ...(p.seat !== undefined ? { seat: p.seat } : {}), ...(p.buy_in !== undefined ? { buyIn: p.buy_in } : {}) });
        }
        case 'leave_seat':
          parse(Empty, payload);
          return this.room(socket, { type: 'leave_seat', playerId });
        case 'act': {
          // Only the parsed action goes on: it is what the table handles and journals.
          const { action, key } = parseAct(socket.assigns.game!, payload);
          return this.room(socket, { type: 'act', playerId, payload: action, key });
        }
        case 'resume':
          await deps.limits?.take('read', playerId);
          return this.room(socket, { type: 'resume', since: parse(Resume, payload).since });
        default:
          throw new PitbossError('unknown_event', `tables do not handle "${event}"`, { event });
      }
    }

    override async handleInfo(msg: unknown, socket: ChannelSocket<Assigns>): Promise<void> {
      const m = msg as RoomPush | RoomWoke | { type: 'room_down' } | { type: 'room_slept'; pid: Pid };
      if (m.type === 'push') return socket.push(m.event, m.payload);
      if (m.type === 'room_down' && socket.assigns.remote) {
        // The owner died or the table left it: the client's rejoin finds its new owner.
        socket.push('notice', { kind: 'table_moved', text: 'The table is moving to another server.' });
        throw new Error('table moved');
      }
      // ---- hibernation: the table's pid goes and comes back; the client sees nothing of it
      if (m.type === 'room_slept') {
        if (socket.assigns.room === m.pid) socket.assigns.room = socket.assigns.unwatch = undefined;
        return;
      }
      if (m.type === 'room_woke') return void (socket.assigns.room !== m.pid && this.watch(m.pid, socket));
      // ----
      if (m.type === 'room_down') {
        const back = await deps.tables.await(socket.assigns.tableId!, 2000);
        if (!back && deps.tables.movedAway(socket.assigns.tableId!)) {
          // Handed over to another node between rounds: the client's rejoin (on this socket) reaches it there.
          socket.push('notice', { kind: 'table_moved', text: 'The table is moving to another server.' });
          throw new Error('table moved');
        }
        if (!back) {
          socket.push('notice', { kind: 'table_closed', text: 'The table has closed.' });
          throw new Error('table gone'); // the client sees phx_error, rejoins, and gets not_found
        }
        const { state } = await this.attach(back, socket);
        socket.push('state', state as JsonObject);
        socket.push('notice', { kind: 'table_restarted', text: 'The table restarted; any interrupted round was resolved from its journal.' });
      }
    }

    override terminate(_reason: unknown, socket: ChannelSocket<Assigns>): void {
      socket.assigns.unwatch?.();
    }

    private async attach(room: Pid, socket: ChannelSocket<Assigns>): Promise<JsonObject> {
      socket.assigns.unwatch?.();
      socket.assigns.room = room;
      const { playerId, name } = socket.assigns;
      const join = { type: 'join', playerId, name, pid: socket.pid as Pid } satisfies RoomCall;
      let reply: RoomReply;
      try {
        reply = await call<RoomReply>(room, join);
      } catch (err) {
        // The table went to sleep as this join reached it (never handled): join the woken one.
        if (!deps.tables.hibernated(room)) throw err;
        const woken = await deps.tables.wake(socket.assigns.tableId!);
        if (!woken) throw new PitbossError('not_found', `no table ${socket.assigns.tableId!}`);
        reply = await call<RoomReply>((room = woken), join);
      }
      const joined = unwrap<JsonObject>(reply);
      this.watch(room, socket);
      return joined;
    }

    /** Watch the table from here on; a normal close (idle) also arrives as room_down, a hibernation as room_slept. */
    private watch(room: Pid, socket: ChannelSocket<Assigns>): void {
      socket.assigns.unwatch?.();
      socket.assigns.room = room;
      const me = socket.pid as Pid;
      socket.assigns.unwatch = onExit(room, (reason) => send(me, isHibernation(reason) ? { type: 'room_slept', pid: room } : { type: 'room_down' }));
    }

    private async room(socket: ChannelSocket<Assigns>, msg: RoomCall): Promise<unknown> {
      if (socket.assigns.remote) return unwrap(await socket.assigns.remote.call(msg as ForwardedCall));
      // No pid: the table hibernated (room_slept); waking it is the first thing this message does.
      let room = socket.assigns.room ?? await this.wake(socket);
      let reply: RoomReply;
      try {
        try {
          reply = await call<RoomReply>(room, msg, 10_000);
        } catch (err) {
          // The table went to sleep with this message in its mailbox, unhandled: wake it and send again.
          if (!deps.tables.hibernated(room)) throw err;
          room = await this.wake(socket);
          reply = await call<RoomReply>(room, msg, 10_000);
        }
      } catch (err) {
        // The table crashed on this message or is gone: the client's action did not happen.
        const id = socket.assigns.tableId!;
        if (deps.tables.isMoving(id) || deps.tables.movedAway(id)) throw movingRefusal(id, 'the action did not happen');
        throw new PitbossError('unavailable', 'the table is restarting; try again', {}, { cause: err });
      }
      return unwrap(reply); // the one place a table's refusal becomes an error frame
    }

    private async wake(socket: ChannelSocket<Assigns>): Promise<Pid> {
      const room = await deps.tables.wake(socket.assigns.tableId!);
      if (!room) throw new PitbossError('unavailable', 'the table has closed');
      this.watch(room, socket);
      return room;
    }
  };
}
