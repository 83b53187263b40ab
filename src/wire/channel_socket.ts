// The ChannelSocket a channel's callbacks receive: its topic and join ref, its own copy of
// the assigns, and the ways out (push to this client, broadcast, presence). One small
// object per joined channel, created in the channel process's init.
import type { ChannelSocket } from './channel.ts';
import type { ChannelEntry, ChannelHost } from './channel_server.ts';
import type { SocketContext } from './context.ts';
import type { BinaryPayload, JsonObject } from './message.ts';
import { EncodedJson, isBinary, isJsonObject } from './message.ts';
import type { PresenceMap } from './presence_state.ts';
import { encodePush } from './serializer.ts';

export class ChannelSocketImpl implements ChannelSocket {
  readonly topic: string;
  readonly joinRef: string;
  readonly pid: unknown;
  assigns: any;
  readonly #ctx: SocketContext;
  readonly #host: ChannelHost;
  readonly #owner: string;

  constructor(ctx: SocketContext, host: ChannelHost, entry: ChannelEntry, pid: unknown) {
    this.#ctx = ctx;
    this.#host = host;
    this.topic = entry.topic;
    this.joinRef = entry.joinRef;
    this.#owner = entry.fromId;
    this.pid = pid;
    // Each channel gets its own shallow copy, as Phoenix copies socket assigns per channel:
    // one channel's changes never leak into another's.
    const a = host.assigns;
    this.assigns = typeof a === 'object' && a !== null ? { ...a } : a;
  }

  get socketId(): string | null {
    return this.#host.socketId;
  }

  push(event: string, payload: JsonObject | BinaryPayload | EncodedJson): void {
    this.#host.send(encodePush(this.joinRef, this.topic, event, payload instanceof EncodedJson ? payload : checked(payload)));
  }

  broadcast(event: string, payload: JsonObject | BinaryPayload): Promise<void> {
    return this.#ctx.pubsub.broadcast(this.topic, event, checked(payload));
  }

  broadcastFrom(event: string, payload: JsonObject | BinaryPayload): Promise<void> {
    return this.#ctx.pubsub.broadcast(this.topic, event, checked(payload), this.#owner);
  }

  broadcastTo(topic: string, event: string, payload: JsonObject | BinaryPayload): Promise<void> {
    return this.#ctx.pubsub.broadcast(topic, event, checked(payload));
  }

  track(key: string, meta: JsonObject): Promise<void> {
    return this.#ctx.presence.track(this.topic, key, this.#owner, meta);
  }

  untrack(key: string): Promise<void> {
    return this.#ctx.presence.untrack(this.topic, key, this.#owner);
  }

  update(key: string, meta: JsonObject): Promise<void> {
    return this.#ctx.presence.update(this.topic, key, this.#owner, meta);
  }

  presenceList(): PresenceMap {
    return this.#ctx.presence.list(this.topic);
  }
}

/** A null or array payload would reach clients and crash their handlers (§2): refuse it here. */
function checked(payload: JsonObject | BinaryPayload): JsonObject | BinaryPayload {
  if (isJsonObject(payload) || isBinary(payload)) return payload;
  throw new TypeError('a pushed or broadcast payload must be a JSON object or binary data');
}
