import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair, exportJWK, UnsecuredJWT } from 'jose';
import { Tokens } from '../../src/casino/auth/tokens.ts';
import { PitbossError } from '../../src/errors.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof PitbossError);
    assert.equal(err.reason, 'unauthorized');
    assert.match(err.message, pattern);
    return true;
  });
}

describe('Tokens', () => {
  const tokens = new Tokens({ secret: SECRET, ttlSeconds: 3600 });

  it('verifies the identity of a token it issued', async () => {
    const t = await tokens.issue({ playerId: 'p_1', name: 'alice' });
    const id = await tokens.verify(t);
    assert.equal(id.playerId, 'p_1');
    assert.equal(id.name, 'alice');
    assert.deepEqual(id.roles, ['player']);
    assert.ok(id.expiresAt > Date.now() / 1000 + 3500);
  });

  it('refuses an expired token and says so', async () => {
    const t = await tokens.issue({ playerId: 'p_1', name: 'alice' }, -10);
    await rejects(tokens.verify(t), /expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const other = new Tokens({ secret: 'another-secret-that-is-long-enough-98765', ttlSeconds: 3600 });
    await rejects(tokens.verify(await other.issue({ playerId: 'p_1', name: 'mallory' })), /not valid/);
  });

  it('refuses a token whose payload was edited', async () => {
    const t = await tokens.issue({ playerId: 'p_1', name: 'alice' });
    const [h, , s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'p_2', iss: 'pitboss', exp: 9999999999 })).toString('base64url');
    await rejects(tokens.verify(`${h}.${forged}.${s}`), /not valid/);
  });

  it('refuses unsigned (alg none) tokens, garbage and missing tokens', async () => {
    const unsecured = new UnsecuredJWT({}).setSubject('p_1').setIssuer('pitboss').setExpirationTime('1h').encode();
    await rejects(tokens.verify(unsecured), /not valid/);
    await rejects(tokens.verify('not-a-jwt'), /not valid/);
    await rejects(tokens.verify(undefined), /required/);
    await rejects(tokens.verify(''), /required/);
    await rejects(tokens.verify('x'.repeat(5000)), /required/);
  });

  it('refuses our own secret under another algorithm or issuer', async () => {
    const key = new TextEncoder().encode(SECRET);
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('p_1').setIssuer('pitboss').setExpirationTime('1h').sign(key);
    await rejects(tokens.verify(hs512), /not valid/);
    const otherIssuer = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('p_1').setIssuer('someone').setExpirationTime('1h').sign(key);
    await rejects(tokens.verify(otherIssuer), /not valid/);
  });

  it('refuses to issue a token for an id that cannot be part of a topic', async () => {
    await assert.rejects(tokens.issue({ playerId: 'a b', name: 'x' }), /player id/);
  });
});

describe('Tokens with an operator issuer (JWKS)', () => {
  let server: Server;
  let url: string;
  let privateKey: CryptoKey;

  before(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'op-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const sign = (claims: Record<string, unknown>, iss: string) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'op-1' }).setSubject('op_7').setIssuer(iss).setAudience('pitboss').setExpirationTime('10m').sign(privateKey);

  it("accepts the operator's tokens with the configured issuer and audience", async () => {
    const tokens = new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, issuer: 'https://op.example', audience: 'pitboss' } });
    const id = await tokens.verify(await sign({ name: 'bob', roles: ['player', 'vip'] }, 'https://op.example'));
    assert.deepEqual([id.playerId, id.name, id.roles], ['op_7', 'bob', ['player', 'vip']]);
  });

  it("refuses the operator's key when the issuer does not match", async () => {
    const tokens = new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, issuer: 'https://op.example', audience: 'pitboss' } });
    await rejects(tokens.verify(await sign({ name: 'bob' }, 'https://evil.example')), /not valid/);
  });

  it("refuses the operator's tokens meant for another audience or for none", async () => {
    const tokens = new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, audience: 'pitboss' } });
    const base = () => new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'op-1' }).setSubject('op_7').setIssuer('https://op.example').setExpirationTime('10m');
    await rejects(tokens.verify(await base().setAudience('another-service').sign(privateKey)), /not valid/);
    await rejects(tokens.verify(await base().sign(privateKey)), /not valid/);
  });

  it("refuses an operator's algorithm that is not on the pinned list", async () => {
    const tokens = new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, audience: 'pitboss', algorithms: ['ES256'] } });
    await rejects(tokens.verify(await sign({ name: 'bob' }, 'https://op.example')), /not valid/);
  });

  it('refuses a JWKS setup without an audience or with a symmetric algorithm', () => {
    assert.throws(() => new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, audience: '' } }), /audience/);
    assert.throws(() => new Tokens({ secret: SECRET, ttlSeconds: 60, jwks: { url, audience: 'pitboss', algorithms: ['HS256'] } }), /HS256/);
  });
});
