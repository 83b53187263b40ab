import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { checkHandshake, originAllowed, parseParams } from '../../src/wire/handshake.ts';

const req = (method: string, headers: Record<string, string> = {}) =>
  ({ method, headers, socket: { remoteAddress: '10.0.0.1' } }) as unknown as IncomingMessage;
const url = (q: string) => new URL(`http://h/socket/websocket?${q}`);

describe('handshake (pure)', () => {
  it('parses Phoenix-style nested params without vsn, with "__proto__" as a plain key', () => {
    const p = parseParams(new URLSearchParams('token=abc&a[b]=1&a[c]=2&__proto__[x]=y&vsn=2.0.0'));
    assert.equal(JSON.stringify(p), '{"token":"abc","a":{"b":"1","c":"2"},"__proto__":{"x":"y"}}');
    assert.ok(Object.hasOwn(p, '__proto__'));
    assert.equal(Object.getPrototypeOf(p), null);
  });

  it('bounds the number and depth of params', () => {
    const many = new URLSearchParams(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v']));
    assert.equal(Object.keys(parseParams(many)).length, 64);
    assert.deepEqual(JSON.parse(JSON.stringify(parseParams(new URLSearchParams('a[b][c][d][e]=1')))), {});
  });

  it('matches origins exactly, or by host with //host', () => {
    assert.equal(originAllowed('https://play.example.com', ['https://play.example.com']), true);
    assert.equal(originAllowed('http://play.example.com', ['https://play.example.com']), false);
    assert.equal(originAllowed('http://cab.local:8080', ['//cab.local:8080']), true);
    assert.equal(originAllowed(undefined, ['//cab.local']), false);
    assert.equal(originAllowed('not a url', ['//cab.local']), false);
  });

  it('refuses non-GET with 400 and decodes a padding-less base64 authToken', () => {
    assert.deepEqual(checkHandshake(req('POST'), url('vsn=2.0.0'), false), { ok: false, status: 400, reason: 'method must be GET' });
    const b = Buffer.from('tok-123:é').toString('latin1');
    const b64 = Buffer.from(b, 'latin1').toString('base64').replace(/=+$/, '');
    const hs = checkHandshake(req('GET', { 'sec-websocket-protocol': `phoenix, base64url.bearer.phx.${b64}` }), url('vsn=2.0.0'), false);
    assert.ok(hs.ok);
    assert.equal(hs.info.authToken, b);
    assert.equal(hs.info.ip, '10.0.0.1');
    const bad = checkHandshake(req('GET', { 'sec-websocket-protocol': 'phoenix, base64url.bearer.phx.!!' }), url('vsn=2.0.0'), false);
    assert.deepEqual(bad, { ok: false, status: 403, reason: 'malformed auth token' });
  });
});
