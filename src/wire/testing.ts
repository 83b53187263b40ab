// The channel test harness (Phoenix.ChannelTest): joins channels through the real Socket
// dispatch and channel processes, with a recording transport instead of a WebSocket, so
// app tests assert replies, pushes and broadcasts without a server or a client.
//
//   const t = new ChannelTest({ channels: [['table:*', TableChannel]], assigns: { playerId: 7 } });
//   const { reply, channel } = await t.join('table:1');
//   assert.deepEqual(await channel.push('act', { action: 'hit' }), { status: 'ok', response: {...} });
//   await channel.expectPush('state');
//   await t.expectBroadcast('table:1', 'event', (e) => e.type === 'settled');
//   await t.until('the round to settle', () => t.frames.some(...));   // waits, consumes nothing
import type { ChannelClass } from './channel.ts';
import type { Limits, SocketContext } from './context.ts';
import { defaultLimits, newCounters, silentLogger } from './context.ts';
import type { BroadcastMessage, JsonObject } from './message.ts';
import type { PresenceTracker } from './presence.ts';
import { LocalPresence } from './presence.ts';
import type { PubSub } from './pubsub.ts';
import { LocalPubSub } from './pubsub.ts';
import { Router } from './router.ts';
import { Socket, type Transport } from './socket.ts';
import { channelSupervisor } from './supervision.ts';
import { send } from '../runtime/index.ts';
import type { Pid } from '../runtime/index.ts';

/** A frame the client would have received, decoded. Binary frames keep their raw bytes. */
export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: any;
}
export interface Reply {
  status: string;
  response: any;
}

export interface ChannelTestOptions<A> {
  channels: ReadonlyArray<readonly [string, ChannelClass<A>]>;
  assigns?: A;
  socketId?: string | null;
  pubsub?: PubSub;
  presence?: PresenceTracker;
  limits?: Partial<Limits>;
  /** A DynamicSupervisor for the channel processes; one is started when absent. */
  supervisor?: Pid;
  /** How long `expect*` waits before failing (default 1000 ms). */
  timeoutMs?: number;
}

export class ChannelTest<A = unknown> {
  readonly socket: Socket;
  readonly ctx: SocketContext;
  /** Every frame written to the socket, in order; `expect*` consumes from here. */
  readonly frames: Frame[] = [];
  readonly #broadcasts: BroadcastMessage[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #timeoutMs: number;
  #ref = 0;
  closedWith: { code: number; reason: string } | null = null;

  constructor(opts: ChannelTestOptions<A>) {
    const pubsub = opts.pubsub ?? new LocalPubSub();
    this.ctx = {
      router: new Router(opts.channels),
      pubsub,
      presence: opts.presence ?? new LocalPresence(pubsub),
      limits: { ...defaultLimits, ...opts.limits },
      counters: newCounters(),
      channelsByLabel: new Map(),
      supervisor: channelSupervisor(opts.supervisor),
      log: silentLogger,
      tick: 0,
    };
    this.#timeoutMs = opts.timeoutMs ?? 1000;
    const transport: Transport = {
      send: (frame) => this.#record(frame),
      close: (code, reason) => {
        this.closedWith = { code, reason };
        this.#wake();
      },
      bufferedAmount: 0,
    };
    this.socket = new Socket(this.ctx, transport, opts.assigns ?? {}, opts.socketId ?? null);
  }

  /** Joins like a client would; resolves with the join reply and a handle on the channel. */
  async join(topic: string, payload: JsonObject = {}): Promise<{ reply: Reply; channel: TestChannel }> {
    const ref = String(++this.#ref);
    this.#broadcastsOf(topic);
    this.socket.dispatch({ joinRef: ref, ref, topic, event: 'phx_join', payload });
    const reply = await this.expectReply(ref);
    return { reply, channel: new TestChannel(this, topic, ref) };
  }

  /** Sends a raw client message (any event, any refs) through the dispatch table. */
  dispatch(msg: { joinRef?: string | null; ref?: string | null; topic: string; event: string; payload?: JsonObject | Uint8Array }): string {
    const ref = msg.ref === undefined ? String(++this.#ref) : msg.ref;
    this.socket.dispatch({ joinRef: msg.joinRef ?? null, ref, topic: msg.topic, event: msg.event, payload: msg.payload ?? {} });
    return ref ?? '';
  }

  expectReply(ref: string): Promise<Reply> {
    return this.#take((f) => f.event === 'phx_reply' && f.ref === ref, `a reply to ref ${ref}`).then((f) => f.payload as Reply);
  }

  /** The next frame (push, close, error…) on `topic` with `event` (and a payload `match` accepts), consumed. */
  expectFrame(topic: string, event: string, match: (payload: any) => boolean = () => true): Promise<Frame> {
    return this.#take((f) => f.topic === topic && f.event === event && match(f.payload), `"${event}" on ${topic}`);
  }

  /** A broadcast made on `topic` (seen through PubSub, as Phoenix's assert_broadcast). */
  async expectBroadcast(topic: string, event: string, match: (payload: any) => boolean = () => true): Promise<any> {
    const i = await this.#until(() => this.#broadcasts.findIndex((b) => b.topic === topic && b.event === event && match(b.payload)), `a broadcast "${event}" on ${topic}`);
    return this.#broadcasts.splice(i, 1)[0].payload;
  }

  /**
   * Resolves once `pred` holds, looking again after every frame (and on close); fails after
   * `timeoutMs` (the harness's by default). Consumes nothing: for conditions over `frames`
   * that no single frame makes, such as "the last state shows my turn".
   */
  async until(what: string, pred: () => boolean, timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#until(() => (pred() ? 0 : -1), what, timeoutMs);
  }

  /** Fails if a matching frame arrives within `ms`. */
  async refuteFrame(topic: string, event: string, ms = 50): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    if (this.frames.some((f) => f.topic === topic && f.event === event)) throw new Error(`unexpected "${event}" on ${topic}`);
  }

  /** Resolves with the close code and reason once the server closed the socket. */
  async expectClosed(): Promise<{ code: number; reason: string }> {
    await this.#until(() => (this.closedWith === null ? -1 : 0), 'the socket to close');
    return this.closedWith!;
  }

  pidOf(topic: string): Pid | null {
    return this.socket.channelPid(topic) as Pid | null;
  }

  async close(): Promise<void> {
    this.socket.terminated();
    for (const topic of [...this.#subscribed.keys()]) this.stopRecording(topic);
    await this.ctx.supervisor.stop();
  }

  /**
   * Stops recording broadcasts on `topic` (leave and close do it). The recording is a
   * subscriber like any other: left in place on a shared PubSub, it would make the app
   * believe someone still listens there (a player topic's notices would go to nobody).
   */
  stopRecording(topic: string): void {
    this.#subscribed.get(topic)?.();
    this.#subscribed.delete(topic);
  }

  readonly #subscribed = new Map<string, () => void>();
  #broadcastsOf(topic: string): void {
    if (this.#subscribed.has(topic)) return;
    this.#subscribed.set(topic, this.ctx.pubsub.subscribe(topic, (m) => {
      this.#broadcasts.push(m);
      this.#wake();
    }));
  }

  #record(frame: string | Buffer): void {
    if (typeof frame === 'string') {
      const [joinRef, ref, topic, event, payload] = JSON.parse(frame);
      this.frames.push({ joinRef, ref, topic, event, payload });
    } else {
      this.frames.push(decodeServerBinary(frame));
    }
    this.#wake();
  }

  #wake(): void {
    for (const w of this.#waiters) w();
  }

  async #take(pred: (f: Frame) => boolean, what: string): Promise<Frame> {
    const i = await this.#until(() => this.frames.findIndex(pred), what);
    return this.frames.splice(i, 1)[0];
  }

  #until(find: () => number, what: string, timeoutMs = this.#timeoutMs): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = find();
        if (i === -1) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(i);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`expected ${what} within ${timeoutMs} ms; the last frames: ${JSON.stringify(this.frames.slice(-5)).slice(0, 4000)}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** A joined channel in a ChannelTest. */
export class TestChannel {
  readonly #t: ChannelTest<any>;
  readonly topic: string;
  readonly joinRef: string;
  constructor(t: ChannelTest<any>, topic: string, joinRef: string) {
    this.#t = t;
    this.topic = topic;
    this.joinRef = joinRef;
  }

  /** Pushes an event and resolves with its reply `{status, response}`. */
  push(event: string, payload: JsonObject | Uint8Array = {}): Promise<Reply> {
    const ref = this.#t.dispatch({ joinRef: this.joinRef, topic: this.topic, event, payload });
    return this.#t.expectReply(ref);
  }

  /** The next push to this client with `event` (and a payload `match` accepts); resolves with its payload. */
  async expectPush(event: string, match?: (payload: any) => boolean): Promise<any> {
    return (await this.#t.expectFrame(this.topic, event, match)).payload;
  }

  /** Leaves; resolves once phx_close arrived. */
  async leave(): Promise<Reply> {
    const ref = this.#t.dispatch({ joinRef: this.joinRef, topic: this.topic, event: 'phx_leave' });
    const reply = await this.#t.expectReply(ref);
    await this.#t.expectFrame(this.topic, 'phx_close');
    this.#t.stopRecording(this.topic);
    return reply;
  }

  /** Sends a runtime message to the channel process (its handleInfo). */
  sendInfo(msg: unknown): void {
    const pid = this.#t.pidOf(this.topic);
    if (pid === null) throw new Error(`${this.topic} is not joined`);
    send(pid, msg);
  }
}

/** Decodes a server binary frame (§4) the way the official client does. */
function decodeServerBinary(b: Buffer): Frame {
  const kind = b[0];
  const lens = kind === 1 ? [b[1], b[2], b[3], b[4]] : kind === 0 ? [b[1], b[2], b[3]] : [b[1], b[2]];
  let off = 1 + lens.length;
  const fields = lens.map((n) => b.toString('utf8', off, (off += n)));
  const data = new Uint8Array(b.subarray(off));
  if (kind === 1) return { joinRef: fields[0], ref: fields[1], topic: fields[2], event: 'phx_reply', payload: { status: fields[3], response: data } };
  if (kind === 0) return { joinRef: fields[0], ref: null, topic: fields[1], event: fields[2], payload: data };
  return { joinRef: null, ref: null, topic: fields[0], event: fields[1], payload: data };
}
