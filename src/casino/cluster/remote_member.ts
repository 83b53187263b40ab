// A member of a table on this node for a channel on another node. The table knows members
// by pid, sends them their personal pushes and monitors them; this process is that pid on
// the owner's node. It relays pushes to the member's node, forwards the member's calls,
// and, like a local channel, re-attaches when the table restarts after a crash. It stops
// when the member leaves, when the member's node goes down, or when the table is gone.
import { GenServer, call, onExit, send, type Pid } from '../../runtime/index.ts';
import type { JsonObject } from '../../wire/index.ts';
import { EncodedJson } from '../../wire/message.ts';
import { PitbossError } from '../../errors.ts';
import type { TableManager } from '../tables/manager.ts';
import type { RoomCall, RoomReply } from '../tables/room.ts';
import type { RoomPush } from '../tables/views.ts';
import { refused } from '../tables/reply.ts';
import { movingRefusal } from '../tables/hand_over.ts';
import type { ForwardedCall } from './methods.ts';

export interface MemberArgs {
  tables: TableManager;
  tableId: string;
  playerId: string;
  name: string;
  /** A personal push for the member (owner → member's node). */
  relay: (event: string, payload: JsonObject) => void;
  /** The table is gone from this node: the member's channel is told, then this process stops. */
  gone: () => void;
}

type MemberCall = { type: 'join' } | { type: 'call'; msg: ForwardedCall };

export class RemoteMember extends GenServer<MemberArgs> {
  #a!: MemberArgs;
  #room: Pid | null = null;
  #unwatch: (() => void) | null = null;

  override init(args: MemberArgs): void {
    this.#a = args;
  }

  override async handleCall(msg: MemberCall): Promise<unknown> {
    if (msg.type === 'join') {
      // A refusal is a value: a throw here would crash this process (the runtime's contract).
      try {
        return { ok: true, value: await this.#attach() };
      } catch (err) {
        if (err instanceof PitbossError) return refused(err);
        throw err;
      }
    }
    const room = this.#room;
    if (room === null) return refused(this.#unavailable());
    try {
      return await call<RoomReply>(room, msg.msg satisfies RoomCall, 10_000);
    } catch {
      // The table crashed on this message or is gone: the member's action did not happen.
      return refused(this.#unavailable());
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    const m = msg as RoomPush | { type: 'room_down' };
    if (m.type === 'push') {
      return this.#a.relay(m.event, m.payload instanceof EncodedJson ? (JSON.parse(m.payload.json) as JsonObject) : m.payload);
    }
    if (m.type !== 'room_down') return;
    this.#room = null;
    const back = await this.#a.tables.await(this.#a.tableId, 2000);
    if (back === undefined) {
      this.#a.gone();
      return this.stop('normal');
    }
    const joined = await this.#attach(back);
    this.#a.relay('state', joined['state'] as JsonObject);
    this.#a.relay('notice', { kind: 'table_restarted', text: 'The table restarted; any interrupted round was resolved from its journal.' });
  }

  #unavailable(): PitbossError {
    const { tables, tableId } = this.#a;
    if (tables.isMoving(tableId) || tables.movedAway(tableId)) return movingRefusal(tableId, 'the action did not happen');
    return new PitbossError('unavailable', 'the table is restarting; try again');
  }

  override terminate(): void {
    this.#unwatch?.();
  }

  async #attach(room = this.#a.tables.lookup(this.#a.tableId)): Promise<JsonObject> {
    if (room === undefined) throw new PitbossError('not_found', `no table ${this.#a.tableId}`);
    this.#unwatch?.();
    const me = this.self;
    const r = await call<RoomReply>(room, { type: 'join', playerId: this.#a.playerId, name: this.#a.name, pid: me } satisfies RoomCall);
    if (!r.ok) throw new PitbossError('unavailable', r.error.message);
    this.#room = room;
    this.#unwatch = onExit(room, () => send(me, { type: 'room_down' }));
    return r.value as JsonObject;
  }
}
