// `table:<id>`: join as a spectator (reply: the personal state), then sit, act, chat,
// resume. The channel validates every payload at the boundary and forwards to the table
// process; the table never trusts a client field it did not validate. The channel watches
// its table: if the table crashes and its supervisor brings it back, the channel
// re-attaches and pushes a fresh `state` and a `notice`; if it does not come back, the
// channel stops and the client is told the table closed.
import { z } from 'zod';
import { Channel, type ChannelSocket, type JsonObject } from '../wire/index.ts';
import { call, onExit, send, type Pid } from '../runtime/index.ts';
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
      const room = deps.tables.lookup(id);
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
      const m = msg as RoomPush | { type: 'room_down' };
      if (m.type === 'push') return socket.push(m.event, m.payload);
      if (m.type === 'room_down' && socket.assigns.remote) {
        // The owner died or the table left it: the client's rejoin finds its new owner.
        socket.push('notice', { kind: 'table_moved', text: 'The table is moving to another server.' });
        throw new Error('table moved');
      }
      if (m.type === 'room_down') {
        const back = await deps.tables.await(socket.assigns.tableId!, 2000);
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
      const joined = unwrap<JsonObject>(await call<RoomReply>(room, { type: 'join', playerId, name, pid: socket.pid as Pid } satisfies RoomCall));
      // Watch the table from here on; a normal close (idle) also arrives as room_down.
      socket.assigns.unwatch = onExit(room, () => send(socket.pid as Pid, { type: 'room_down' }));
      return joined;
    }

    private async room(socket: ChannelSocket<Assigns>, msg: RoomCall): Promise<unknown> {
      if (socket.assigns.remote) return unwrap(await socket.assigns.remote.call(msg as ForwardedCall));
      const room = socket.assigns.room;
      if (!room) throw new PitbossError('unavailable', 'the table is restarting');
      let reply: RoomReply;
      try {
        reply = await call<RoomReply>(room, msg, 10_000);
      } catch (err) {
        // The table crashed on this message or is gone: the client's action did not happen.
        throw new PitbossError('unavailable', 'the table is restarting; try again', {}, { cause: err });
      }
      return unwrap(reply); // the one place a table's refusal becomes an error frame
    }
  };
}
