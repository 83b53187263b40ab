// Wire message types of Phoenix Channels v2 (phoenix-v2.md §2–§4). Plain data: the
// serializer builds and encodes them, the socket dispatches them, nothing here does I/O.

/** A JSON object payload, the only text payload a client may send (never null, never an array). */
export type JsonObject = { [key: string]: unknown };

/** A payload that goes out in a binary frame (§4) instead of JSON. */
export type BinaryPayload = Uint8Array | ArrayBuffer;

/**
 * A JSON object payload encoded once, for a push the app sends to many channels (a table's
 * View, the same for every member of a game without hidden cards): each channel writes
 * the same text into its own frame instead of encoding the object again.
 */
export class EncodedJson {
  readonly json: string;
  constructor(value: JsonObject) {
    this.json = JSON.stringify(value);
  }

  /** The same object with `more`'s fields added (after its own), encoding only `more`. */
  with(more: JsonObject): EncodedJson {
    const tail = JSON.stringify(more);
    if (tail === '{}') return this;
    const e = Object.create(EncodedJson.prototype) as { json: string };
    e.json = this.json === '{}' ? tail : `${this.json.slice(0, -1)},${tail.slice(1)}`;
    return e as EncodedJson;
  }
}

/** A decoded client frame. `payload` is a JSON object for text frames, bytes for binary ones. */
export interface InMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: JsonObject | Uint8Array;
}

/**
 * Why a frame could not be decoded. `ref`/`topic`/`joinRef` are set when the frame still
 * names them well enough to address an error reply; otherwise the socket closes (1007).
 */
export interface DecodeError {
  error: string;
  joinRef: string | null;
  ref: string | null;
  topic: string | null;
}

/**
 * A broadcast as it travels through PubSub. Every local subscriber receives the same
 * object, so the first one to write it caches its encoded frame in `encoded` and the
 * rest reuse it: this is what makes the fastlane serialize once per broadcast per node.
 */
export interface BroadcastMessage {
  readonly topic: string;
  readonly event: string;
  readonly payload: JsonObject | BinaryPayload;
  /** An opaque sender id; subscribers with the same id skip it (broadcast_from). */
  readonly from: string | null;
  encoded?: string | Buffer;
}

export const Events = {
  join: 'phx_join',
  leave: 'phx_leave',
  reply: 'phx_reply',
  error: 'phx_error',
  close: 'phx_close',
  heartbeat: 'heartbeat',
} as const;

/** Close codes; 1000 is never used for a close the client should recover from (§3). */
export const CloseCodes = {
  goingAway: 1001, // forced logout, idle timeout
  invalidData: 1007, // malformed frame
  policy: 1008, // inbox overflow, backpressure
  tooBig: 1009, // frame above maxFrameBytes (ws maxPayload)
  serverError: 1011,
  restart: 1012, // drain on shutdown
  // From the application range (4000–4999): the client can tell this close from the
  // others and knows what to do — fetch a fresh token before it reconnects.
  tokenExpired: 4001, // the credentials the socket connected with expired; reason "token_expired"
} as const;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof ArrayBuffer);
}

export function isBinary(v: unknown): v is BinaryPayload {
  return v instanceof Uint8Array || v instanceof ArrayBuffer;
}
