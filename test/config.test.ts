import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from '../src/config.ts';
import { DEFAULT_BLOCKED_WORDS } from '../src/config/chat.ts';

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    assert.equal(c.port, 4000);
    assert.equal(c.host, '0.0.0.0');
    assert.deepEqual(c.database, { kind: 'pglite', dataDir: resolve('./data/pglite') });
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.secret, undefined, 'no secret is built in: one is generated at start');
  });

  it('selects in-memory PGlite for memory:// and PostgreSQL for postgres URLs', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'memory://' }).database, { kind: 'pglite-memory' });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/test' }).database, {
      kind: 'postgres',
      url: 'postgres://127.0.0.1:5432/test',
    });
  });

  it('places PGlite under PITBOSS_DATA_DIR', () => {
    assert.deepEqual(loadConfig({ PITBOSS_DATA_DIR: '/tmp/pb' }).database, { kind: 'pglite', dataDir: '/tmp/pb/pglite' });
  });

  it('treats empty strings as unset', () => {
    assert.equal(loadConfig({ PORT: '', REDIS_URL: '' }).port, 4000);
  });

  it('rejects bad values with every problem named', () => {
    assert.throws(
      () => loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', PITBOSS_SECRET: 'short' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.issues.join('\n');
        for (const key of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'PITBOSS_SECRET']) assert.match(text, new RegExp(key));
        return true;
      },
    );
  });

  it('draws a node id per start unless PITBOSS_NODE_ID names one (never the pid alone)', () => {
    const one = loadConfig({}).nodeId;
    assert.match(one, /^node-[0-9a-f]{8}$/);
    assert.notEqual(loadConfig({}).nodeId, one);
    assert.notEqual(one, `node-${process.pid}`);
    assert.equal(loadConfig({ PITBOSS_NODE_ID: 'eu-1.a' }).nodeId, 'eu-1.a');
    assert.throws(() => loadConfig({ PITBOSS_NODE_ID: 'a b' }), /PITBOSS_NODE_ID/);
  });

  it('reads the cluster key prefix and lease time, with defaults', () => {
    assert.deepEqual(loadConfig({}).cluster, { prefix: 'pitboss:', leaseMs: 2000, drainTimeoutMs: 30_000 });
    assert.deepEqual(loadConfig({ PITBOSS_REDIS_PREFIX: 'c2:', PITBOSS_LEASE_MS: '500', PITBOSS_DRAIN_TIMEOUT_MS: '5000' }).cluster, { prefix: 'c2:', leaseMs: 500, drainTimeoutMs: 5000 });
    assert.throws(() => loadConfig({ PITBOSS_REDIS_PREFIX: 'a b' }), /PITBOSS_REDIS_PREFIX/);
    assert.throws(() => loadConfig({ PITBOSS_LEASE_MS: '50' }), /PITBOSS_LEASE_MS/);
  });

  it('parses a comma-separated origin list', () => {
    assert.deepEqual(loadConfig({ PITBOSS_ORIGINS: 'http://a.test, http://b.test' }).origins, ['http://a.test', 'http://b.test']);
  });

  it('refuses to start in production without PITBOSS_SECRET, saying so on one line', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.issues.length, 1);
        assert.match(err.issues[0]!, /^PITBOSS_SECRET: .*NODE_ENV=production/);
        return true;
      },
    );
    assert.equal(loadConfig({ NODE_ENV: 'production', PITBOSS_SECRET: 'x'.repeat(32) }).secret, 'x'.repeat(32));
  });

  it('requires an audience and only asymmetric algorithms for an operator JWKS', () => {
    assert.throws(() => loadConfig({ PITBOSS_JWKS_URL: 'https://op.example/jwks.json' }), /PITBOSS_JWT_AUDIENCE/);
    assert.throws(() => loadConfig({ PITBOSS_JWKS_URL: 'https://op.example/jwks.json', PITBOSS_JWT_AUDIENCE: 'pitboss', PITBOSS_JWT_ALGORITHMS: 'RS256,HS256' }), /PITBOSS_JWT_ALGORITHMS/);
    const c = loadConfig({ PITBOSS_JWKS_URL: 'https://op.example/jwks.json', PITBOSS_JWT_AUDIENCE: 'pitboss' });
    assert.deepEqual(c.jwks, { url: 'https://op.example/jwks.json', issuer: undefined, audience: 'pitboss', algorithms: ['RS256', 'ES256', 'EdDSA', 'Ed25519'] });
    assert.deepEqual(loadConfig({ PITBOSS_JWKS_URL: 'https://op.example/jwks.json', PITBOSS_JWT_AUDIENCE: 'a', PITBOSS_JWT_ALGORITHMS: 'ES256, ES384' }).jwks?.algorithms, ['ES256', 'ES384']);
  });

  it('reads PITBOSS_CHAT_BLOCKED as a list replacing the defaults, "none" for none, and names a bad word', () => {
    assert.deepEqual(loadConfig({}).chat.blocked, [...DEFAULT_BLOCKED_WORDS]);
    assert.deepEqual(loadConfig({ PITBOSS_CHAT_BLOCKED: ' cheat, bot ,,' }).chat.blocked, ['cheat', 'bot']);
    assert.deepEqual(loadConfig({ PITBOSS_CHAT_BLOCKED: 'none' }).chat.blocked, []);
    for (const bad of ['ok,a', 'two words', 'x'.repeat(33)]) {
      assert.throws(() => loadConfig({ PITBOSS_CHAT_BLOCKED: bad }), (err: unknown) => err instanceof ConfigError && /^PITBOSS_CHAT_BLOCKED: blocked word/.test(err.issues[0]!), bad);
    }
  });

  it('reads PITBOSS_TRUST_PROXY as a hop count or a list of addresses and CIDRs', () => {
    assert.equal(loadConfig({}).trustProxy, false, 'trusts nothing by default');
    assert.equal(loadConfig({ PITBOSS_TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ PITBOSS_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ PITBOSS_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1, loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
    for (const bad of ['10.0.0.0/99', 'proxy.example', '-1', 'true', '300.1.1.1', '17', ',']) {
      assert.throws(() => loadConfig({ PITBOSS_TRUST_PROXY: bad }), /PITBOSS_TRUST_PROXY/, bad);
    }
  });
});
