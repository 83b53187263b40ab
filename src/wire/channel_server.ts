// The channel process (Phoenix's channel/server.ex): one GenServer per joined topic per
// socket, started under the endpoint's DynamicSupervisor as a temporary child (never
// restarted: the client rejoins). It runs the app's Channel callbacks one message at a
// time and writes its replies and pushes straight to the socket.
//
// Error mapping happens here, at the edge: a PitbossError becomes an error reply; any
// other throw crashes this process only, and the exit observer tells the socket, which
// sends phx_error to its client (join_crashed while joining).
import { PitbossError, Reasons, toErrorReply } from '../errors.ts';
import { GenServer, call, cast, isProcessError, onExit, stop, exit, type Pid } from '../runtime/index.ts';
import type { Channel, ChannelClass } from './channel.ts';
import type { SocketContext } from './context.ts';
import type { BroadcastMessage, JsonObject } from './message.ts';
import { isBinary, isJsonObject } from './message.ts';
import type { Route } from './router.ts';
import { encodePush, encodeReply } from './serializer.ts';
import { ChannelSocketImpl } from './channel_socket.ts';

/** What the socket keeps per joined topic (a row of the §3 dispatch table). */
export interface ChannelEntry {
  readonly topic: string;
  readonly joinRef: string;
  readonly route: Route<ChannelClass>;
  /** Sender id for broadcastFrom and presence owner id: unique per channel. */
  readonly fromId: string;
  readonly intercept: ReadonlySet<string> | null;
  /** Set once the join succeeded; null while joining. */
  pid: Pid | null;
  unsubscribe: (() => void) | null;
  /** The fastlane subscriber for this channel's topic. */
  readonly deliver: (m: BroadcastMessage) => void;
}

/** The socket, as its channels see it. */
export interface ChannelHost {
  readonly assigns: unknown;
  readonly socketId: string | null;
  send(frame: string | Buffer): void;
  channelExited(entry: ChannelEntry, crashed: boolean): void;
}

export type JoinOutcome = { ok: true; response: unknown } | { ok: false; response: Record<string, unknown> };

type Msg =
  | { type: 'join'; payload: JsonObject }
  | { type: 'in'; ref: string | null; event: string; payload: JsonObject | Uint8Array }
  | { type: 'out'; msg: BroadcastMessage };

interface Arg {
  ctx: SocketContext;
  host: ChannelHost;
  entry: ChannelEntry;
}

/** Channel mailboxes are bounded: a client flooding one channel gets `rate_limited` replies. */
const MAILBOX_CAPACITY = 1024;
const STOP_TIMEOUT_MS = 5000;

class ChannelServer extends GenServer<Arg> {
  #channel!: Channel;
  #socket!: ChannelSocketImpl;
  #host!: ChannelHost;
  #entry!: ChannelEntry;
  #ctx!: SocketContext;

  override init({ ctx, host, entry }: Arg): void {
    this.#ctx = ctx;
    this.#host = host;
    this.#entry = entry;
    this.#channel = new entry.route.channel();
    this.#socket = new ChannelSocketImpl(ctx, host, entry, this.self);
  }

  override async handleCall(msg: unknown): Promise<unknown> {
    const m = msg as Msg & { type: 'join' };
    try {
      return { ok: true, response: okResponse(await this.#channel.join(this.#entry.topic, m.payload, this.#socket)) } satisfies JoinOutcome;
    } catch (err) {
      if (!(err instanceof PitbossError)) throw err; // crash: the joiner sees join_crashed
      this.stop({ shutdown: 'join_refused' });
      return { ok: false, response: err.toReply() } satisfies JoinOutcome;
    }
  }

  override async handleCast(msg: unknown): Promise<void> {
    const m = msg as Msg;
    const { topic, joinRef } = this.#entry;
    if (m.type === 'in') {
      let response: unknown;
      try {
        response = okResponse(await this.#channel.handleIn(m.event, m.payload, this.#socket));
      } catch (err) {
        if (!(err instanceof PitbossError)) throw err; // crash → phx_error, client rejoins
        return this.#host.send(encodeReply(joinRef, m.ref, topic, 'error', err.toReply()));
      }
      this.#host.send(encodeReply(joinRef, m.ref, topic, 'ok', response));
    } else if (m.type === 'out') {
      const { event, payload } = m.msg;
      if (this.#channel.handleOut === undefined) return this.#host.send(encodePush(joinRef, topic, event, payload));
      await this.#refusalsLogged(() => this.#channel.handleOut!(event, payload, this.#socket));
    }
  }

  override async handleInfo(msg: unknown): Promise<void> {
    if (this.#channel.handleInfo !== undefined) await this.#refusalsLogged(() => this.#channel.handleInfo!(msg, this.#socket));
  }

  /** A PitbossError where no client request waits for a reply is logged, not a crash. */
  async #refusalsLogged(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof PitbossError)) throw err;
      this.#ctx.log.warn({ err, topic: this.#entry.topic }, 'channel refused a message with no reply to carry it');
    }
  }

  override async terminate(reason: unknown): Promise<void> {
    if (this.#channel?.terminate === undefined) return;
    const r = typeof reason === 'object' && reason !== null && 'shutdown' in reason ? reason.shutdown : reason;
    await this.#channel.terminate(r, this.#socket);
  }
}

/** A handler's resolved value as a reply response: undefined → {}, objects and bytes as-is. */
function okResponse(v: unknown): unknown {
  if (v === undefined || v === null) return {};
  if (isJsonObject(v) || isBinary(v)) return v;
  throw new TypeError('a channel reply must be a JSON object, binary data or undefined');
}

function isClean(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (typeof reason === 'object' && reason !== null && !(reason instanceof Error) && 'shutdown' in reason);
}

/** Starts the channel process and runs its join. On ok, `entry.pid` is set. */
export async function joinChannel(ctx: SocketContext, host: ChannelHost, entry: ChannelEntry, payload: JsonObject): Promise<JoinOutcome> {
  let pid: Pid;
  try {
    pid = await ctx.supervisor.startChild(ChannelServer, { ctx, host, entry }, { mailboxCapacity: MAILBOX_CAPACITY, name: entry.topic });
  } catch (err) {
    ctx.log.error({ err, topic: entry.topic }, 'channel process failed to start');
    const full = isProcessError(err, 'max_children');
    return { ok: false, response: toErrorReply(full ? new PitbossError('unavailable', 'too many channels on this server') : err) };
  }
  // Observed from outside so that every exit — crash, stop, even kill — cleans presence
  // and reaches the socket; a process's own terminate does not run when it is killed.
  onExit(pid, (reason) => {
    void ctx.presence.ownerDown(entry.fromId).catch((err) => ctx.log.error({ err }, 'presence cleanup failed'));
    const crashed = !isClean(reason);
    // The client only learns "phx_error"; the cause goes to the log.
    if (crashed && entry.pid !== null) ctx.log.error({ err: reason, topic: entry.topic }, 'channel crashed');
    host.channelExited(entry, crashed);
  });
  let outcome: JoinOutcome;
  try {
    outcome = await call<JoinOutcome>(pid, { type: 'join', payload } satisfies Msg, ctx.limits.joinTimeoutMs);
  } catch (err) {
    ctx.log.error({ err, topic: entry.topic }, 'join crashed');
    if (isProcessError(err, 'timeout')) exit(pid, 'kill');
    return { ok: false, response: { reason: 'join_crashed', message: Reasons.join_crashed } };
  }
  if (outcome.ok) entry.pid = pid;
  return outcome;
}

/** A client push for the channel. False when its mailbox is full (the caller replies). */
export function castIn(entry: ChannelEntry, ref: string | null, event: string, payload: JsonObject | Uint8Array): boolean {
  try {
    cast(entry.pid!, { type: 'in', ref, event, payload } satisfies Msg);
    return true;
  } catch (err) {
    if (isProcessError(err, 'mailbox_full')) return false;
    throw err;
  }
}

/** An intercepted broadcast; dropped if the channel is overloaded (broadcasts are not replied). */
export function castOut(entry: ChannelEntry, msg: BroadcastMessage): void {
  if (entry.pid === null) return;
  try {
    cast(entry.pid, { type: 'out', msg } satisfies Msg);
  } catch (err) {
    if (!isProcessError(err, 'mailbox_full')) throw err;
  }
}

/** Stops the channel after its queued messages (terminate runs); kills it if that hangs. */
export async function stopChannel(entry: ChannelEntry, reason: string): Promise<void> {
  const pid = entry.pid;
  if (pid === null) return;
  try {
    await stop(pid, { shutdown: reason }, STOP_TIMEOUT_MS);
  } catch (err) {
    if (isProcessError(err, 'timeout')) exit(pid, 'kill');
    // The channel itself closed its socket (e.g. a forced logout it broadcast): it cannot
    // wait for its own stop, so it gets an exit signal and stops after this message.
    else if (isProcessError(err, 'calling_self')) exit(pid, { shutdown: reason });
    else if (!isProcessError(err, 'noproc')) throw err;
  }
}
