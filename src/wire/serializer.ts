// The v2 serializer: client frames → InMessage, server messages → frames (phoenix-v2.md
// §2 text, §4 binary). Decoding never throws: malformed input becomes a DecodeError the
// socket answers with an error reply or a close. Encoders build the JSON array once.
import type { BinaryPayload, DecodeError, InMessage, JsonObject } from './message.ts';
import { EncodedJson, isBinary, isJsonObject } from './message.ts';
import { badText, checkJson, DEFAULT_JSON_LIMITS, type JsonLimits } from './json_guard.ts';

const KIND_PUSH = 0;
const KIND_REPLY = 1;
const KIND_BROADCAST = 2;

export type Decoded = InMessage | DecodeError;

export function isDecodeError(d: Decoded): d is DecodeError {
  return (d as DecodeError).error !== undefined;
}

function fail(error: string, joinRef: string | null = null, ref: string | null = null, topic: string | null = null): DecodeError {
  return { error, joinRef, ref, topic };
}

/**
 * Decodes a text frame `[join_ref, ref, topic, event, payload]`. Every string in it —
 * refs, topic, event, payload keys and values — must be text (json_guard.ts): a frame
 * with a NUL or a lone surrogate never reaches a channel.
 */
export function decodeText(raw: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): Decoded {
  let arr: unknown;
  try {
    arr = JSON.parse(raw);
  } catch {
    return fail('frame is not JSON');
  }
  if (!Array.isArray(arr)) return fail('frame is not a JSON array');
  if (arr.length < 5) return fail('frame has fewer than five elements');
  const [joinRef, ref, topic, event, payload] = arr;
  const jr = typeof joinRef === 'string' ? joinRef : null;
  const r = typeof ref === 'string' ? ref : null;
  const t = typeof topic === 'string' ? topic : null;
  // Refs must be strings or null: a numeric ref cannot be echoed byte for byte (§2).
  if (joinRef !== null && jr === null) return fail('join_ref must be a string or null', null, r, t);
  if (ref !== null && r === null) return fail('ref must be a string or null', jr, null, t);
  if (t === null) return fail('topic must be a string', jr, r, null);
  // A ref or topic that is not text cannot be echoed in a reply: the socket closes.
  if ((jr !== null && badText(jr)) || (r !== null && badText(r)) || badText(t)) return fail('refs and topic must be text');
  if (typeof event !== 'string') return fail('event must be a string', jr, r, t);
  const badEvent = badText(event);
  if (badEvent) return fail(`event: ${badEvent}`, jr, r, t);
  if (!isJsonObject(payload)) return fail('payload must be a JSON object', jr, r, t);
  const bad = checkJson(payload, limits);
  if (bad) return fail(`payload: ${bad}`, jr, r, t);
  return { joinRef: jr, ref: r, topic: t, event, payload };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a binary client push: kind 0, four one-byte lengths, the fields, then the data. */
export function decodeBinary(buf: Uint8Array): Decoded {
  if (buf.length < 5) return fail('binary frame is shorter than its header');
  if (buf[0] !== KIND_PUSH) return fail('binary frame kind must be 0 (push)');
  const jl = buf[1], rl = buf[2], tl = buf[3], el = buf[4];
  let off = 5;
  if (off + jl + rl + tl + el > buf.length) return fail('binary frame is shorter than its field lengths');
  try {
    const joinRef = utf8.decode(buf.subarray(off, (off += jl)));
    const ref = utf8.decode(buf.subarray(off, (off += rl)));
    const topic = utf8.decode(buf.subarray(off, (off += tl)));
    const event = utf8.decode(buf.subarray(off, (off += el)));
    if ([joinRef, ref, topic, event].some((f) => badText(f) !== null)) return fail('binary frame fields must be text');
    // The client encodes a null join_ref as "" in binary frames.
    return { joinRef: joinRef || null, ref: ref || null, topic, event, payload: buf.subarray(off) };
  } catch {
    return fail('binary frame fields are not UTF-8');
  }
}

export function encodeReply(joinRef: string | null, ref: string | null, topic: string, status: string, response: unknown): string | Buffer {
  if (isBinary(response)) return binaryReply(joinRef, ref, topic, status, response);
  return JSON.stringify([joinRef, ref, topic, 'phx_reply', { status, response }]);
}

export function encodePush(joinRef: string | null, topic: string, event: string, payload: JsonObject | BinaryPayload | EncodedJson): string | Buffer {
  if (isBinary(payload)) return binaryFrame(KIND_PUSH, [joinRef ?? '', topic, event], payload);
  // Encoded already (once for many channels): only this frame's own fields are encoded here.
  if (payload instanceof EncodedJson) return `[${JSON.stringify(joinRef)},null,${JSON.stringify(topic)},${JSON.stringify(event)},${payload.json}]`;
  return JSON.stringify([joinRef, null, topic, event, payload]);
}

export function encodeBroadcast(topic: string, event: string, payload: JsonObject | BinaryPayload): string | Buffer {
  if (isBinary(payload)) return binaryFrame(KIND_BROADCAST, [topic, event], payload);
  return JSON.stringify([null, null, topic, event, payload]);
}

/** phx_close / phx_error carry the join ref as both join_ref and ref (§2 table). */
export function encodeControl(joinRef: string, topic: string, event: 'phx_close' | 'phx_error', payload: JsonObject): string {
  return JSON.stringify([joinRef, joinRef, topic, event, payload]);
}

const HEARTBEAT_TAIL = ',"phoenix","phx_reply",{"status":"ok","response":{}}]';
/** The heartbeat reply is the hottest frame: built by concatenation, no array or object. */
export function encodeHeartbeatReply(ref: string | null): string {
  return '[null,' + JSON.stringify(ref) + HEARTBEAT_TAIL;
}

function binaryReply(joinRef: string | null, ref: string | null, topic: string, status: string, data: BinaryPayload): Buffer {
  return binaryFrame(KIND_REPLY, [joinRef ?? '', ref ?? '', topic, status], data);
}

function binaryFrame(kind: number, fields: string[], data: BinaryPayload): Buffer {
  const bufs = fields.map((f) => Buffer.from(f, 'utf8'));
  for (const b of bufs) if (b.length > 255) throw new RangeError('binary frame field exceeds 255 bytes');
  const body = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  const head = 1 + bufs.length;
  const out = Buffer.allocUnsafe(head + bufs.reduce((n, b) => n + b.length, 0) + body.length);
  out[0] = kind;
  let off = head;
  bufs.forEach((b, i) => {
    out[1 + i] = b.length;
    b.copy(out, off);
    off += b.length;
  });
  out.set(body, off);
  return out;
}
