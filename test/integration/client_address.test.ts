// Behind a load balancer every connection comes from the balancer. PITBOSS_TRUST_PROXY
// lets X-Forwarded-For name the client — for HTTP and for the WebSocket upgrade alike —
// so per-address limits count people, not the proxy; without it nothing is trusted.
// Every refused connection or sign-up leaves a log line with its reason and address.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { RunningServer } from '../../src/main.ts';
import { upgradeStatus } from '../wire/raw.ts';
import { startTestServer } from './helpers.ts';

const ORIGIN = 'https://play.example';
const LIMITS = { PITBOSS_RATE_GUESTS: '1/60s', PITBOSS_RATE_CONNECTS: '1/60s', PITBOSS_ORIGINS: ORIGIN };

/** A pino logger whose lines land in `lines`, parsed. */
function capture(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

async function signUp(server: RunningServer, forwardedFor: string): Promise<number> {
  const res = await server.services.http!.inject({ method: 'POST', url: '/api/guests', payload: {}, headers: { 'x-forwarded-for': forwardedFor } });
  return res.statusCode;
}

const connect = (server: RunningServer, token: string, forwardedFor: string, origin = ORIGIN) =>
  upgradeStatus(server.port, `/socket/websocket?vsn=2.0.0&token=${encodeURIComponent(token)}`, { headers: { origin, 'x-forwarded-for': forwardedFor } });

describe('client addresses behind a proxy', () => {
  let proxied: RunningServer;
  let direct: RunningServer;
  const lines: Array<Record<string, unknown>> = [];
  before(async () => {
    [proxied, direct] = await Promise.all([
      startTestServer({ ...LIMITS, PITBOSS_TRUST_PROXY: '1' }, { logger: capture(lines) }),
      startTestServer(LIMITS),
    ]);
  });
  after(() => Promise.all([proxied.stop(), direct.stop()]));

  const token = (s: RunningServer) => s.services.tokens.issue({ playerId: 'p_addr', name: 'p' });

  it('gives two clients behind a trusted proxy their own buckets, over HTTP and the WebSocket', async () => {
    assert.deepEqual([await signUp(proxied, '203.0.113.1'), await signUp(proxied, '203.0.113.2'), await signUp(proxied, '203.0.113.1')], [201, 201, 429]);
    // A client cannot pick a fresh bucket by sending its own X-Forwarded-For: the proxy
    // appends the address it saw, and only that one hop is trusted.
    assert.equal(await signUp(proxied, '192.0.2.77, 203.0.113.2'), 429);
    const t = await token(proxied);
    assert.deepEqual([await connect(proxied, t, '203.0.113.1'), await connect(proxied, t, '203.0.113.2'), await connect(proxied, t, '203.0.113.1')], [101, 101, 429]);
  });

  it('trusts no proxy by default: the same two clients share the peer address and one bucket', async () => {
    assert.deepEqual([await signUp(direct, '203.0.113.1'), await signUp(direct, '203.0.113.2')], [201, 429]);
    const t = await token(direct);
    assert.deepEqual([await connect(direct, t, '203.0.113.1'), await connect(direct, t, '203.0.113.2')], [101, 429]);
  });

  it('logs every refused connection and sign-up with its reason and the client address', async () => {
    const expired = await proxied.services.tokens.issue({ playerId: 'p_addr', name: 'p' }, -1);
    assert.equal(await connect(proxied, 'forged.token.here', '198.51.100.1'), 403);
    assert.equal(await connect(proxied, expired, '198.51.100.2'), 403);
    assert.equal(await connect(proxied, await token(proxied), '198.51.100.3', 'https://evil.example'), 403);
    const me = await proxied.services.http!.inject({ url: '/api/me?x=1', headers: { authorization: `Bearer ${expired}`, 'x-forwarded-for': '198.51.100.4' } });
    assert.equal(me.statusCode, 401);
    const refused = lines.filter((l) => l['msg'] === 'refused').map((l) => [l['via'], l['reason'], l['ip']]);
    assert.deepEqual(refused, [
      ['http', 'rate_limited', '203.0.113.1'], // the second sign-up from .1, in the first test
      ['http', 'rate_limited', '203.0.113.2'],
      ['socket', 'rate_limited', '203.0.113.1'],
      ['socket', 'token_invalid', '198.51.100.1'],
      ['socket', 'token_expired', '198.51.100.2'],
      ['socket', 'origin not allowed', '198.51.100.3'],
      ['http', 'token_expired', '198.51.100.4'],
    ]);
    assert.equal(lines.find((l) => l['reason'] === 'token_expired' && l['via'] === 'http')!['route'], 'GET /api/me', 'no query string in the log');
    for (const l of lines.filter((x) => x['msg'] === 'refused')) assert.equal(l['level'], 40, 'at warn');
  });
});
