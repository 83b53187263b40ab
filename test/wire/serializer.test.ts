import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkJson } from '../../src/wire/json_guard.ts';
import { EncodedJson } from '../../src/wire/message.ts';
import { decodeBinary, decodeText, encodeBroadcast, encodeControl, encodeHeartbeatReply, encodePush, encodeReply, isDecodeError } from '../../src/wire/serializer.ts';

describe('serializer: text frames', () => {
  it('decodes a well-formed frame and ignores trailing elements', () => {
    assert.deepEqual(decodeText('["5","6","table:42","act",{"action":"hit"},"extra"]'), {
      joinRef: '5', ref: '6', topic: 'table:42', event: 'act', payload: { action: 'hit' },
    });
    assert.deepEqual(decodeText('[null,"8","phoenix","heartbeat",{}]'), { joinRef: null, ref: '8', topic: 'phoenix', event: 'heartbeat', payload: {} });
  });

  it('names each malformation, keeping ref and topic when they are usable', () => {
    const cases: Array<[string, string, string | null, string | null]> = [
      ['not json', 'frame is not JSON', null, null],
      ['{"a":1}', 'frame is not a JSON array', null, null],
      ['["1","1","t","e"]', 'frame has fewer than five elements', null, null],
      ['[1,"1","t","e",{}]', 'join_ref must be a string or null', '1', 't'],
      ['["1",2,"t","e",{}]', 'ref must be a string or null', null, 't'],
      ['["1","2",3,"e",{}]', 'topic must be a string', '2', null],
      ['["1","2","t",4,{}]', 'event must be a string', '2', 't'],
      ['["1","2","t","e",null]', 'payload must be a JSON object', '2', 't'],
      ['["1","2","t","e",[1]]', 'payload must be a JSON object', '2', 't'],
      ['["1","2","t","e","s"]', 'payload must be a JSON object', '2', 't'],
    ];
    for (const [raw, error, ref, topic] of cases) {
      const d = decodeText(raw);
      assert.ok(isDecodeError(d), raw);
      assert.deepEqual([d.error, d.ref, d.topic], [error, ref, topic], raw);
    }
  });

  it('never throws on arbitrary strings and returns a message or an error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (s) => {
        const d = decodeText(s);
        if (!isDecodeError(d)) {
          assert.equal(typeof d.topic, 'string');
          assert.equal(typeof d.event, 'string');
          assert.ok(d.payload !== null && typeof d.payload === 'object' && !Array.isArray(d.payload));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any valid frame the client could send', () => {
    const ref = fc.option(fc.string(), { nil: null });
    fc.assert(
      fc.property(ref, ref, fc.string(), fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (jr, r, topic, event, payload) => {
        const d = decodeText(JSON.stringify([jr, r, topic, event, payload]));
        // What json_guard refuses is tested in json_guard.test.ts; here, everything else round-trips.
        if (checkJson(JSON.parse(JSON.stringify(payload))) !== null) return assert.ok(isDecodeError(d));
        assert.deepEqual(d, { joinRef: jr, ref: r, topic, event, payload: JSON.parse(JSON.stringify(payload)) });
      }),
    );
  });

  it('encodes replies, pushes, broadcasts, close/error and heartbeats exactly as Phoenix', () => {
    assert.equal(encodeReply('5', '6', 't:1', 'ok', { a: 1 }), '["5","6","t:1","phx_reply",{"status":"ok","response":{"a":1}}]');
    assert.equal(encodePush('5', 't:1', 'state', { s: 1 }), '["5",null,"t:1","state",{"s":1}]');
    assert.equal(encodeBroadcast('t:1', 'ev', {}), '[null,null,"t:1","ev",{}]');
    assert.equal(encodeControl('5', 't:1', 'phx_close', {}), '["5","5","t:1","phx_close",{}]');
    assert.equal(encodeHeartbeatReply('8'), '[null,"8","phoenix","phx_reply",{"status":"ok","response":{}}]');
    assert.equal(encodeHeartbeatReply('a"b'), JSON.stringify([null, 'a"b', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]));
  });
});

describe('serializer: a payload encoded once for many pushes', () => {
  it('frames exactly as the object would, for every join ref and topic', () => {
    fc.assert(fc.property(fc.option(fc.string(), { nil: null }), fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (joinRef, topic, payload) => {
      assert.equal(encodePush(joinRef, topic, 'state', new EncodedJson(payload)), encodePush(joinRef, topic, 'state', payload));
    }));
  });

  it('adds fields without encoding the rest again', () => {
    const base = new EncodedJson({ a: 1, b: 'x"y' });
    assert.deepEqual(JSON.parse(base.with({ seq: 3, now: 5 }).json), { a: 1, b: 'x"y', seq: 3, now: 5 });
    assert.deepEqual(JSON.parse(new EncodedJson({}).with({ seq: 3 }).json), { seq: 3 });
    assert.equal(base.with({}), base);
    assert.ok(base.with({ seq: 1 }) instanceof EncodedJson);
  });
});

describe('serializer: binary frames', () => {
  const pushFrame = (jr: string, r: string, t: string, e: string, data: number[]) => {
    const f = [jr, r, t, e].map((s) => Buffer.from(s));
    return Buffer.concat([Buffer.from([0, ...f.map((b) => b.length)]), ...f, Buffer.from(data)]);
  };

  it('decodes a client push (kind 0) with its data', () => {
    const d = decodeBinary(pushFrame('5', '6', 'room:1', 'bytes', [1, 2, 3]));
    assert.ok(!isDecodeError(d));
    assert.deepEqual({ ...d, payload: [...(d.payload as Uint8Array)] }, { joinRef: '5', ref: '6', topic: 'room:1', event: 'bytes', payload: [1, 2, 3] });
  });

  it('refuses short frames, other kinds and lengths past the end', () => {
    assert.ok(isDecodeError(decodeBinary(Buffer.from([0, 1]))));
    assert.ok(isDecodeError(decodeBinary(Buffer.from([1, 0, 0, 0, 0]))));
    assert.ok(isDecodeError(decodeBinary(Buffer.from([0, 9, 9, 9, 9, 1]))));
    assert.ok(isDecodeError(decodeBinary(Buffer.from([0, 1, 0, 0, 0, 0xff]))));
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => void decodeBinary(Buffer.from(b))), { numRuns: 3000 });
  });

  it('encodes reply (kind 1), push (kind 0) and broadcast (kind 2) as the client decodes them', () => {
    const data = new Uint8Array([9, 8]);
    assert.deepEqual([...(encodeReply('5', '6', 't', 'ok', data) as Buffer)], [1, 1, 1, 1, 2, 53, 54, 116, 111, 107, 9, 8]);
    assert.deepEqual([...(encodePush('5', 't', 'e', data) as Buffer)], [0, 1, 1, 1, 53, 116, 101, 9, 8]);
    assert.deepEqual([...(encodeBroadcast('t', 'e', data.buffer) as Buffer)], [2, 1, 1, 116, 101, 9, 8]);
  });
});
