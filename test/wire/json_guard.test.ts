// The decode-time guard: text only (no control characters, no lone surrogates), no
// prototype keys, bounded depth and size — checked on the guard itself and through the
// serializer, which must answer such a frame with an addressable error, never a payload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { badText, checkJson } from '../../src/wire/json_guard.ts';
import { decodeText, isDecodeError } from '../../src/wire/serializer.ts';

const frame = (payload: string) => `["1","2","table:x","act",${payload}]`;

describe('json_guard', () => {
  it('refuses every C0/C1 control character and DEL, in values and in keys, at any depth', () => {
    for (let c = 0; c <= 0x9f; c++) {
      if (c > 0x1f && c < 0x7f) continue;
      const ch = String.fromCharCode(c);
      assert.match(checkJson({ a: { b: [`x${ch}y`] } }) ?? '', /control character/, `U+${c.toString(16)}`);
      assert.match(checkJson({ [`k${ch}`]: 1 }) ?? '', /control character/);
    }
  });

  it('refuses lone surrogates and accepts well-formed pairs', () => {
    assert.equal(badText('\ud800'), 'lone surrogate');
    assert.equal(badText('a\udc00'), 'lone surrogate');
    assert.equal(badText('\ud800\ud800\udc00'), 'lone surrogate');
    assert.equal(badText('🂡 ace'), null);
    assert.equal(badText('Grüße, 你好, ♠♥♦♣'), null);
  });

  it('refuses __proto__, constructor and prototype keys', () => {
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      assert.match(checkJson(JSON.parse(`{"action":"hit","x":{"${k}":{"admin":true}}}`)) ?? '', /not allowed/);
    }
  });

  it('bounds depth and size without recursion (depth 5,000 and 100,000 elements)', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.match(checkJson({ a: JSON.parse(deep) }) ?? '', /deeper than 32/);
    assert.match(checkJson({ a: new Array(100_000).fill(0) }) ?? '', /more than 20000 values/);
    assert.equal(checkJson({ a: new Array(1000).fill('ok'), b: { c: { d: 1 } } }), null);
  });

  it('a string is accepted exactly when every code unit is printable text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const expected = [...s].every((ch) => {
        const c = ch.codePointAt(0)!;
        return !(c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff));
      });
      assert.equal(badText(s) === null, expected);
    }), { numRuns: 3000 });
  });

  it('the serializer answers a hostile payload with an addressable error, never a message', () => {
    for (const p of ['{"action":"hit","x":"\\u0000"}', '{"action":"hit","x":"\\ud800"}', '{"key":"k\\u0000"}', '{"__proto__":{}}', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`]) {
      const d = decodeText(frame(p));
      assert.ok(isDecodeError(d), p);
      assert.deepEqual([d.ref, d.topic], ['2', 'table:x'], 'the client gets an error reply it can match');
      assert.match(d.error, /^payload: /);
    }
    // A topic or ref that is not text cannot be echoed: no address, the socket closes.
    const d = decodeText('["1","2","table:\\u0000","act",{}]');
    assert.ok(isDecodeError(d));
    assert.equal(d.topic, null);
  });
});
