// One client connection: multiplexes topics over a transport (phoenix-v2.md §3 dispatch
// table). Transport-agnostic — the ws transport and the test harness both drive it with
// `receive` and give it a `Transport` to write to. Channel processes live in
// channel_server.ts; this file only decides who gets what.
//
// Joins and leaves are asynchronous (a join runs app code in the channel process). While
// one is in flight, later frames wait in a bounded queue so that a push can never
// overtake the join it depends on — the order Phoenix's transport process gives.
import type { ChannelClass } from './channel.ts';
import type { SocketContext } from './context.ts';
import type { BroadcastMessage, InMessage, JsonObject } from './message.ts';
import { CloseCodes, Events } from './message.ts';
import type { Route } from './router.ts';
import { decodeBinary, decodeText, encodeBroadcast, encodeControl, encodeHeartbeatReply, encodePush, encodeReply, isDecodeError } from './serializer.ts';
import type { ChannelEntry, ChannelHost } from './channel_server.ts';
import { castIn, castOut, joinChannel, stopChannel } from './channel_server.ts';
import { PRESENCE_STATE } from './presence.ts';
import { Reasons } from '../errors.ts';
import { TokenBucket } from './rate.ts';

export interface Transport {
  send(frame: string | Buffer): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

let socketSerial = 0;

/** Intercept sets, built once per channel class rather than once per join (a pure memo). */
const intercepts = new WeakMap<ChannelClass, ReadonlySet<string> | null>();
function interceptOf(c: ChannelClass): ReadonlySet<string> | null {
  let set = intercepts.get(c);
  if (set === undefined) intercepts.set(c, (set = c.intercept?.length ? new Set(c.intercept) : null));
  return set;
}

export class Socket implements ChannelHost {
  readonly assigns: unknown;
  readonly socketId: string | null;
  readonly serial = ++socketSerial;
  /** ctx.tick at the last frame received; the endpoint's sweep closes idle sockets. */
  seen: number;
  /** Epoch ms when the socket's credentials expire; the endpoint's sweep closes it then. */
  expiresAt = Infinity;
  readonly #ctx: SocketContext;
  readonly #transport: Transport;
  readonly #channels = new Map<string, ChannelEntry>();
  #queue: InMessage[] | null = null; // non-null while a join/leave runs
  readonly #joinRate: TokenBucket;
  #closed = false;
  #unsubscribeId: (() => void) | null = null;

  constructor(ctx: SocketContext, transport: Transport, assigns: unknown, socketId: string | null) {
    this.#ctx = ctx;
    this.#transport = transport;
    this.assigns = assigns;
    this.socketId = socketId;
    this.seen = ctx.tick;
    this.#joinRate = new TokenBucket(ctx.limits.joinsPerSecond, ctx.limits.joinBurst);
    // Forced logout (§6): a `disconnect` broadcast on the socket id closes the socket.
    if (socketId !== null) {
      this.#unsubscribeId = ctx.pubsub.subscribe(socketId, (m) => {
        if (m.event === 'disconnect') this.close(CloseCodes.goingAway, 'disconnect');
      });
    }
  }

  /** The pid of the joined channel on `topic` (for the harness and app introspection). */
  channelPid(topic: string): unknown {
    return this.#channels.get(topic)?.pid ?? null;
  }

  get channelCount(): number {
    return this.#channels.size;
  }

  /** A raw frame from the transport. */
  receive(data: Buffer | string, binary: boolean): void {
    if (this.#closed) return;
    this.seen = this.#ctx.tick;
    this.#ctx.counters.messagesIn++;
    const msg = binary ? decodeBinary(data as Buffer) : decodeText(data.toString());
    if (isDecodeError(msg)) {
      this.#ctx.counters.malformedFrames++;
      // A frame that names a ref and a topic gets an error reply; anything else cannot be
      // answered in a way the client would match, so the socket closes cleanly.
      if (msg.ref !== null && msg.topic !== null) this.#replyError(msg.joinRef, msg.ref, msg.topic, 'invalid_payload', msg.error);
      else this.close(CloseCodes.invalidData, 'malformed frame');
      return;
    }
    this.dispatch(msg);
  }

  /** Dispatch table of §3. Public for the harness, which skips serialization on input. */
  dispatch(msg: InMessage): void {
    const { topic, event } = msg;
    // Heartbeats never wait behind a slow join: their order does not matter.
    if (event === Events.heartbeat && topic === 'phoenix') return this.send(encodeHeartbeatReply(msg.ref));
    if (this.#queue !== null) return this.#enqueue(msg);
    if (event === Events.join) return this.#serially(this.#join(msg));
    const entry = this.#channels.get(topic);
    const current = entry !== undefined && (msg.joinRef === null || msg.joinRef === entry.joinRef);
    if (event === Events.leave) {
      if (entry === undefined) return this.#reply(msg.joinRef, msg.ref, topic, 'ok', {});
      if (current) this.#serially(this.#leave(entry, msg.ref));
      return; // stale join ref: ignore
    }
    if (entry === undefined) return this.#replyError(null, msg.ref, topic, 'unmatched topic');
    if (!current || entry.pid === null) return; // outdated push for an older join: drop silently
    if (msg.payload instanceof Uint8Array && !entry.route.channel.binary) {
      return this.#replyError(entry.joinRef, msg.ref, topic, 'invalid_payload', 'this channel accepts JSON object payloads only');
    }
    if (!castIn(entry, msg.ref, event, msg.payload)) this.#replyError(entry.joinRef, msg.ref, topic, 'rate_limited', 'the channel is overloaded');
  }

  async #join(msg: InMessage): Promise<void> {
    const { topic, ref } = msg;
    const joinRef = msg.joinRef ?? ref;
    const route = this.#ctx.router.match(topic);
    if (route === undefined) return this.#replyError(null, ref, topic, 'unmatched topic');
    if (joinRef === null) return this.#replyError(null, ref, topic, 'invalid_payload', 'a join needs a ref');
    if (msg.payload instanceof Uint8Array) return this.#replyError(null, ref, topic, 'invalid_payload', 'join payload must be a JSON object');
    const old = this.#channels.get(topic);
    if (old !== undefined) {
      // Duplicate join: the old channel stops and its client object is closed with the
      // *old* join ref, then the new join proceeds (§3).
      await this.#stop(old, 'duplicate_join');
      this.send(encodeControl(old.joinRef, topic, Events.close, {}));
    }
    if (this.#channels.size >= this.#ctx.limits.maxChannels) return this.#replyError(null, ref, topic, 'too many channels joined');
    if (!this.#joinRate.take()) return this.#replyError(null, ref, topic, 'rate_limited', 'too many joins; retrying later');
    const entry = this.#newEntry(topic, joinRef, route);
    this.#channels.set(topic, entry);
    const outcome = await joinChannel(this.#ctx, this, entry, msg.payload as JsonObject);
    if (this.#channels.get(topic) !== entry) {
      // The socket closed while the join ran: a channel that did join must not outlive it.
      if (outcome.ok) stopChannel(entry, 'closed').catch((err) => this.#ctx.log.error({ err }, 'channel stop failed'));
      return;
    }
    if (!outcome.ok) {
      this.#channels.delete(topic);
      this.#ctx.counters.joinErrors++;
      return this.#reply(joinRef, ref, topic, 'error', outcome.response);
    }
    // Subscribe before replying and before listing presence, so no diff falls in a gap.
    entry.unsubscribe = this.#ctx.pubsub.subscribe(topic, entry.deliver);
    this.#ctx.counters.joins++;
    this.#count(route.label, 1);
    this.#reply(joinRef, ref, topic, 'ok', outcome.response);
    if (route.channel.presence) this.send(encodePush(joinRef, topic, PRESENCE_STATE, this.#ctx.presence.list(topic) as JsonObject));
  }

  async #leave(entry: ChannelEntry, ref: string | null): Promise<void> {
    this.#reply(entry.joinRef, ref, entry.topic, 'ok', {});
    await this.#stop(entry, 'left');
    this.send(encodeControl(entry.joinRef, entry.topic, Events.close, {}));
  }

  #newEntry(topic: string, joinRef: string, route: Route<ChannelClass>): ChannelEntry {
    const intercept = interceptOf(route.channel);
    const fromId = `${this.serial}:${joinRef}`;
    const entry: ChannelEntry = {
      topic, joinRef, route, fromId, intercept, pid: null, unsubscribe: null,
      // The fastlane: the first subscriber to see a broadcast encodes it, everyone else
      // writes the same frame. Intercepted events go through the channel process instead.
      deliver: (m: BroadcastMessage) => {
        if (m.from === fromId) return;
        if (intercept !== null && intercept.has(m.event)) return castOut(entry, m);
        if (m.encoded === undefined) {
          this.#ctx.counters.broadcastEncodes++;
          m.encoded = encodeBroadcast(m.topic, m.event, m.payload);
        }
        this.send(m.encoded);
      },
    };
    return entry;
  }

  /** Removes the entry first, so the channel's own exit notification finds nothing to do. */
  async #stop(entry: ChannelEntry, reason: string): Promise<void> {
    this.#forget(entry);
    await stopChannel(entry, reason);
  }

  #forget(entry: ChannelEntry): void {
    if (this.#channels.get(entry.topic) === entry) this.#channels.delete(entry.topic);
    if (entry.unsubscribe === null) return;
    entry.unsubscribe();
    entry.unsubscribe = null;
    this.#count(entry.route.label, -1);
  }

  /** ChannelHost: the channel process exited on its own (crash or `stop`). */
  channelExited(entry: ChannelEntry, crashed: boolean): void {
    // Still joining: the join path answers (join_crashed or the refusal) and cleans up.
    // Not current: already removed by leave, duplicate join or close.
    if (entry.pid === null || this.#channels.get(entry.topic) !== entry) return;
    this.#forget(entry);
    if (crashed) this.#ctx.counters.channelCrashes++;
    // phx_error makes the client rejoin; phx_close (a normal stop) makes it drop the channel.
    this.send(encodeControl(entry.joinRef, entry.topic, crashed ? Events.error : Events.close, crashed ? { reason: 'channel_crash' } : {}));
  }

  send(frame: string | Buffer): void {
    if (this.#closed) return;
    // A client that does not read must not grow our memory without bound.
    if (this.#transport.bufferedAmount > this.#ctx.limits.maxBufferedBytes) return this.close(CloseCodes.policy, 'slow consumer');
    this.#ctx.counters.messagesOut++;
    this.#transport.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#transport.close(code, reason);
    this.terminated();
  }

  /** The transport is gone: stop every channel (reason 'closed') and forget subscriptions. */
  terminated(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = null;
    this.#unsubscribeId?.();
    for (const entry of [...this.#channels.values()]) {
      this.#stop(entry, 'closed').catch((err) => this.#ctx.log.error({ err }, 'channel stop failed'));
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  #reply(joinRef: string | null, ref: string | null, topic: string, status: string, response: unknown): void {
    this.send(encodeReply(joinRef, ref, topic, status, response));
  }

  #replyError(joinRef: string | null, ref: string | null, topic: string, reason: keyof typeof Reasons, message?: string): void {
    this.#reply(joinRef, ref, topic, 'error', { reason, message: message ?? Reasons[reason] });
  }

  #count(label: string, d: number): void {
    const m = this.#ctx.channelsByLabel;
    const n = (m.get(label) ?? 0) + d;
    if (n === 0) m.delete(label);
    else m.set(label, n);
  }

  #enqueue(item: InMessage): void {
    if (this.#queue!.length >= this.#ctx.limits.maxQueuedFrames) return this.close(CloseCodes.policy, 'too many queued frames');
    this.#queue!.push(item);
  }

  /** Runs an async join/leave with the inbox held, then replays what arrived meanwhile. */
  #serially(p: Promise<void>): void {
    this.#queue = [];
    p.catch((err) => {
      this.#ctx.log.error({ err }, 'join/leave failed');
      this.close(CloseCodes.serverError, 'internal error');
    }).finally(() => {
      const queued = this.#queue;
      this.#queue = null;
      if (queued === null || this.#closed) return;
      for (let i = 0; i < queued.length; i++) {
        if (this.#queue !== null) {
          // Another join started: the rest waits behind it, in order.
          for (let j = i; j < queued.length; j++) this.#enqueue(queued[j]);
          return;
        }
        this.dispatch(queued[i]);
      }
    });
  }
}
