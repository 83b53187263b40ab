// The app-facing channel API (Phoenix.Channel). One Channel instance per joined topic,
// living inside its own process (channel_server.ts); `socket` is that channel's handle.
//
// Error policy (docs/wire.md): throw a PitbossError to refuse a join or answer a push
// with an error reply; any other throw crashes the channel process, which the client sees
// as phx_error (or a `join_crashed` reply during join) and answers by rejoining.
import { PitbossError } from '../errors.ts';
import type { BinaryPayload, EncodedJson, JsonObject } from './message.ts';
import type { PresenceMap } from './presence_state.ts';

/** A channel's view of its socket; valid while the channel process lives. */
export interface ChannelSocket<Assigns = any> {
  readonly topic: string;
  readonly joinRef: string;
  /** Per-channel copy of the socket assigns (from `connect`); the channel may change it freely. */
  assigns: Assigns;
  /** The socket id from `socketId(assigns)`, e.g. `player_socket:42`, or null. */
  readonly socketId: string | null;
  /** The channel process; runtime messages sent to it reach `handleInfo`. */
  readonly pid: unknown;
  /** Push to this client only (with the join ref). A binary payload goes out as a binary frame; an EncodedJson as its text. */
  push(event: string, payload: JsonObject | BinaryPayload | EncodedJson): void;
  /** Broadcast to every subscriber of this topic (including this client). */
  broadcast(event: string, payload: JsonObject | BinaryPayload): Promise<void>;
  /** Broadcast to every subscriber of this topic except this channel. */
  broadcastFrom(event: string, payload: JsonObject | BinaryPayload): Promise<void>;
  /** Broadcast on another topic (e.g. `player_socket:42` with `disconnect`). */
  broadcastTo(topic: string, event: string, payload: JsonObject | BinaryPayload): Promise<void>;
  /** Presence on this topic, owned by this channel: removed automatically when it exits. */
  track(key: string, meta: JsonObject): Promise<void>;
  untrack(key: string): Promise<void>;
  update(key: string, meta: JsonObject): Promise<void>;
  presenceList(): PresenceMap;
}

export type ChannelClass<A = any> = (new () => Channel<A>) & {
  /** Broadcast events routed through `handleOut` instead of the fastlane. */
  intercept?: readonly string[];
  /** Push `presence_state` to the client after every successful join (§5). */
  presence?: boolean;
  /** Accept binary (ArrayBuffer) pushes; otherwise they are refused with `invalid_payload`. */
  binary?: boolean;
};

export abstract class Channel<Assigns = any> {
  static intercept?: readonly string[];
  static presence?: boolean;
  static binary?: boolean;

  /** The resolved value is the ok join response (an object, `{}` when undefined). */
  abstract join(topic: string, payload: JsonObject, socket: ChannelSocket<Assigns>): unknown | Promise<unknown>;

  /** The resolved value is the ok reply response; the default refuses every event. */
  handleIn(event: string, _payload: JsonObject | Uint8Array, _socket: ChannelSocket<Assigns>): unknown | Promise<unknown> {
    throw new PitbossError('unknown_event', undefined, { event });
  }

  /** Messages sent to the channel's pid by the rest of the app (timers, table events…). */
  handleInfo?(msg: unknown, socket: ChannelSocket<Assigns>): void | Promise<void>;

  /** Intercepted broadcasts; the default (when absent) pushes them unchanged. */
  handleOut?(event: string, payload: JsonObject | BinaryPayload, socket: ChannelSocket<Assigns>): void | Promise<void>;

  /** Called when the channel stops: `'left'`, `'closed'` (socket gone), `'duplicate_join'`, `'shutdown'`. */
  terminate?(reason: unknown, socket: ChannelSocket<Assigns>): void | Promise<void>;
}
