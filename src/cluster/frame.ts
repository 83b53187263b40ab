// The bytes of one broadcast on the Redis bus. Pure: no I/O.
//
//   u8 version (1) · u8 kind (0 JSON, 1 binary) · u16 node length · node · u16 topic length · topic
//   · u32 head length · head: JSON [event, from] · body: JSON payload text, or the raw bytes
//
// The sending node and the topic come first and are read without parsing anything else,
// so a node drops its own echo and topics nobody on it subscribes to before any JSON
// work. Binary payloads travel as they are (no base64); no new dependency is needed.
// Frames come from other nodes of the cluster, but are still read with bounds checks:
// a malformed one is refused, never half-read.
import type { BinaryPayload, JsonObject } from '../wire/index.ts';

const VERSION = 1;
const JSON_KIND = 0;
const BINARY_KIND = 1;

export interface Route {
  node: string;
  topic: string;
  /** Where the rest of the frame starts. */
  offset: number;
}

export interface Body {
  event: string;
  from: string | null;
  payload: JsonObject | Uint8Array;
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

export function encodeFrame(node: string, topic: string, event: string, from: string | null, payload: JsonObject | BinaryPayload): Buffer {
  const binary = payload instanceof Uint8Array || payload instanceof ArrayBuffer;
  const nodeB = Buffer.from(node, 'utf8');
  const topicB = Buffer.from(topic, 'utf8');
  const head = Buffer.from(JSON.stringify([event, from]), 'utf8');
  const body = binary ? (payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload) : Buffer.from(JSON.stringify(payload), 'utf8');
  if (nodeB.length > 0xffff || topicB.length > 0xffff) throw new FrameError('node or topic longer than 65535 bytes');
  const out = Buffer.allocUnsafe(2 + 2 + nodeB.length + 2 + topicB.length + 4 + head.length + body.length);
  let o = out.writeUInt8(VERSION, 0);
  o = out.writeUInt8(binary ? BINARY_KIND : JSON_KIND, o);
  o = out.writeUInt16BE(nodeB.length, o);
  o += nodeB.copy(out, o);
  o = out.writeUInt16BE(topicB.length, o);
  o += topicB.copy(out, o);
  o = out.writeUInt32BE(head.length, o);
  o += head.copy(out, o);
  out.set(body, o);
  return out;
}

export function readRoute(buf: Buffer): Route {
  if (buf.length < 4 || buf[0] !== VERSION || (buf[1] !== JSON_KIND && buf[1] !== BINARY_KIND)) throw new FrameError('not a bus frame');
  let o = 2;
  const nodeLen = buf.readUInt16BE(o);
  o += 2;
  if (o + nodeLen + 2 > buf.length) throw new FrameError('truncated node');
  const node = buf.toString('utf8', o, (o += nodeLen));
  const topicLen = buf.readUInt16BE(o);
  o += 2;
  if (o + topicLen > buf.length) throw new FrameError('truncated topic');
  const topic = buf.toString('utf8', o, (o += topicLen));
  return { node, topic, offset: o };
}

export function readBody(buf: Buffer, offset: number): Body {
  if (offset + 4 > buf.length) throw new FrameError('truncated head');
  const headLen = buf.readUInt32BE(offset);
  const start = offset + 4;
  if (start + headLen > buf.length) throw new FrameError('truncated head');
  const head: unknown = JSON.parse(buf.toString('utf8', start, start + headLen));
  if (!Array.isArray(head) || typeof head[0] !== 'string' || (head[1] !== null && typeof head[1] !== 'string')) throw new FrameError('bad head');
  const rest = start + headLen;
  if (buf[1] === BINARY_KIND) {
    // A copy: the subscriber may keep it, and must not keep the whole message buffer alive through it.
    return { event: head[0], from: head[1], payload: new Uint8Array(buf.subarray(rest)) };
  }
  const payload: unknown = JSON.parse(buf.toString('utf8', rest));
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new FrameError('payload is not a JSON object');
  return { event: head[0], from: head[1], payload: payload as JsonObject };
}
