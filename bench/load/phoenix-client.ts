// A lean Phoenix Channels v2 client for load: one `ws` socket, one joined topic,
// JSON text frames [join_ref, ref, topic, event, payload]. The official client
// keeps timers, buffers and channel objects per socket, which caps how many fit
// in one load process; this speaks the same frames with a few fields each.
//
// With the topic prefix `table:` (`--target tables`, the real server) a room is a real
// table: the room's first member asks the lobby for a table of its own and the others
// join the same `table:<id>`; an action is a table `chat` whose text carries the
// sequence number and scheduled time, parsed back from every member's `chat` push.
import WebSocket from 'ws';
import { TABLES_GAME, type ActPayload, type EventPayload } from '../protocol.ts';
import type { BenchClient, ConnectOptions } from './client.ts';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

export interface Reply {
  status: string;
  response: Record<string, unknown>;
}

export class PhoenixClient implements BenchClient {
  readonly idx: number;
  received = 0;
  acked = 0;
  private readonly ws: WebSocket;
  private readonly o: ConnectOptions;
  private ref = 0;
  private topic = '';
  private joinRef: string | null = null;
  private pending = new Map<string, (f: Frame) => void>();
  private joinRefs = new Map<string, string>();
  private readonly tables: boolean;
  /** Every other push (not a reply, not a bench broadcast): table `state`, `event`, … */
  onPush: ((topic: string, event: string, payload: Record<string, unknown>) => void) | null = null;

  constructor(ws: WebSocket, o: ConnectOptions) {
    this.ws = ws;
    this.o = o;
    this.idx = o.idx;
    this.tables = o.topicPrefix === 'table:';
    ws.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Frame));
    ws.on('close', () => {
      // A call on a closed socket is never answered: answer it here, so a bot sees the
      // close instead of waiting for ever (a stalled run that is really a dead socket).
      for (const [ref, resolve] of this.pending) resolve([null, ref, '', 'phx_reply', { status: 'closed', response: { reason: 'socket_closed' } }]);
      this.pending.clear();
      o.hooks.onClose(this);
    });
  }

  private onFrame(f: Frame): void {
    if (f[3] === 'ev') {
      this.received++;
      this.o.hooks.onEvent(this, f[4] as unknown as EventPayload);
    } else if (f[3] === 'chat' && this.tables) {
      const ev = parseChat(f[4]['text']);
      if (ev === null) return;
      this.received++;
      this.o.hooks.onEvent(this, ev);
    } else if (f[3] === 'phx_reply' && f[1] !== null) {
      const resolve = this.pending.get(f[1]);
      if (resolve === undefined) {
        // The reply to an act (heartbeat replies come on topic "phoenix").
        if (f[2] !== 'phoenix' && (f[4] as { status?: string }).status === 'ok') this.acked++;
        return;
      }
      this.pending.delete(f[1]);
      resolve(f);
    } else if (this.onPush !== null && f[3] !== 'phx_reply') {
      this.onPush(f[2], f[3], f[4]);
    }
  }

  private push(topic: string, event: string, payload: object, joinRef: string | null): string {
    const ref = String(++this.ref);
    this.ws.send(JSON.stringify([joinRef ?? (event === 'phx_join' ? ref : null), ref, topic, event, payload]));
    return ref;
  }

  /** Bench rooms: topic `room:<n>`. Tables: the first member finds a table (returned as the key), the others join it. */
  async join(room: number, key?: string): Promise<string> {
    if (!this.tables) {
      this.topic = `${this.o.topicPrefix}${room}`;
      return this.joinTopic(this.topic).then(() => this.topic);
    }
    let id = key;
    if (id === undefined) {
      // `shared: false` makes a table of its own for every room (O(1), never an existing one);
      // the lobby is left again so only the table channels stay joined.
      await this.joinTopic('lobby');
      const found = await this.call('lobby', 'find_table', { game: TABLES_GAME, shared: false });
      if (found.status !== 'ok') throw new Error(`find_table: ${JSON.stringify(found.response)}`);
      id = String(found.response['id']);
      await this.leaveTopic('lobby');
    }
    await this.joinTopic(`table:${id}`);
    return id;
  }

  /** Join any topic; acts then go to the last topic joined. */
  async joinTopic(topic: string, payload: object = {}): Promise<Record<string, unknown>> {
    const ref = this.push(topic, 'phx_join', payload, null);
    const r = await this.await(ref);
    if (r.status !== 'ok') throw new Error(`join ${topic}: ${JSON.stringify(r.response)}`);
    this.topic = topic;
    this.joinRef = ref;
    this.joinRefs.set(topic, ref);
    return r.response;
  }

  async leaveTopic(topic: string): Promise<void> {
    const r = await this.call(topic, 'phx_leave', {});
    if (r.status !== 'ok') throw new Error(`leave ${topic}: ${JSON.stringify(r.response)}`);
    this.joinRefs.delete(topic);
  }

  /** A push on a joined topic, resolved with its reply. */
  call(topic: string, event: string, payload: object): Promise<Reply> {
    return this.await(this.push(topic, event, payload, this.joinRefs.get(topic) ?? null));
  }

  private await(ref: string): Promise<Reply> {
    if (!this.isOpen()) return Promise.resolve({ status: 'closed', response: { reason: 'socket_closed' } });
    return new Promise((resolve) => this.pending.set(ref, (f) => resolve(f[4] as unknown as Reply)));
  }

  act(payload: ActPayload): void {
    if (this.tables) this.push(this.topic, 'chat', { text: `${payload.s} ${payload.t.toFixed(3)} ${payload.p}` }, this.joinRef);
    else this.push(this.topic, 'act', payload, this.joinRef);
  }

  heartbeat(): void {
    if (this.isOpen()) this.push('phoenix', 'heartbeat', {}, null);
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A bench chat line "<seq> <scheduled time> <padding>" back as an event; null for any other text. */
function parseChat(text: unknown): EventPayload | null {
  if (typeof text !== 'string') return null;
  const [s, t] = text.split(' ', 2);
  const seq = Number(s);
  const at = Number(t);
  return Number.isInteger(seq) && Number.isFinite(at) ? { s: seq, t: at, p: '', f: 0 } : null;
}

export function connectPhoenix(o: ConnectOptions, params: Record<string, string> = {}): Promise<PhoenixClient> {
  const query = new URLSearchParams({ ...params, vsn: '2.0.0' }); // vsn last, as the official client sends it
  const url = `ws://127.0.0.1:${o.port}/socket/websocket?${query}`;
  const ws = new WebSocket(url, { localAddress: o.localAddress, perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new PhoenixClient(ws, o)));
    ws.once('error', reject);
  });
}
