// A lean Phoenix Channels v2 client for load: one `ws` socket, one joined topic,
// JSON text frames [join_ref, ref, topic, event, payload]. The official client
// keeps timers, buffers and channel objects per socket, which caps how many fit
// in one load process; this speaks the same frames with a few fields each.
import WebSocket from 'ws';
import type { ActPayload, EventPayload } from '../protocol.ts';
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

  constructor(ws: WebSocket, o: ConnectOptions) {
    this.ws = ws;
    this.o = o;
    this.idx = o.idx;
    ws.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Frame));
    ws.on('close', () => o.hooks.onClose(this));
  }

  private onFrame(f: Frame): void {
    if (f[3] === 'ev') {
      this.received++;
      this.o.hooks.onEvent(this, f[4] as unknown as EventPayload);
    } else if (f[3] === 'phx_reply' && f[1] !== null) {
      const resolve = this.pending.get(f[1]);
      if (resolve === undefined) {
        // The reply to an act (heartbeat replies come on topic "phoenix").
        if (f[2] !== 'phoenix' && (f[4] as { status?: string }).status === 'ok') this.acked++;
        return;
      }
      this.pending.delete(f[1]);
      resolve(f);
    }
  }

  private push(topic: string, event: string, payload: object, joinRef: string | null): string {
    const ref = String(++this.ref);
    this.ws.send(JSON.stringify([joinRef ?? (event === 'phx_join' ? ref : null), ref, topic, event, payload]));
    return ref;
  }

  join(room: number): Promise<string> {
    this.topic = `${this.o.topicPrefix}${room}`;
    return this.joinTopic(this.topic).then(() => this.topic);
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

  /** A push on a joined topic, resolved with its reply. */
  call(topic: string, event: string, payload: object): Promise<Reply> {
    return this.await(this.push(topic, event, payload, this.joinRefs.get(topic) ?? null));
  }

  private await(ref: string): Promise<Reply> {
    return new Promise((resolve) => this.pending.set(ref, (f) => resolve(f[4] as unknown as Reply)));
  }

  act(payload: ActPayload): void {
    this.push(this.topic, 'act', payload, this.joinRef);
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

export function connectPhoenix(o: ConnectOptions, params: Record<string, string> = {}): Promise<PhoenixClient> {
  const query = new URLSearchParams({ ...params, vsn: '2.0.0' }); // vsn last, as the official client sends it
  const url = `ws://127.0.0.1:${o.port}/socket/websocket?${query}`;
  const ws = new WebSocket(url, { localAddress: o.localAddress, perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new PhoenixClient(ws, o)));
    ws.once('error', reject);
  });
}
