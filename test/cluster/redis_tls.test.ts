// Encrypted links to Redis: a Redis of the test's own, listening only for TLS with a
// certificate from a CA the test makes (openssl), and only an ACL user (the default user
// off). The node's connections — PubSub and membership — reach it with rediss://, the CA
// file and the user from the URL; without the CA, or with a wrong password, they do not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Membership, RedisPubSub, redisClient } from '../../src/cluster/index.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { eventually, uniquePrefix } from './support.ts';
import { newGuest, startTestServer } from '../integration/helpers.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function makeCertificates(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=pitboss-test-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'redis.key', '-out', 'redis.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'redis.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'redis.crt', '-days', '1', '-extfile', 'san.ext');
  // A second CA that signed nothing of this Redis: trusting it alone must fail.
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-days', '1', '-subj', '/CN=someone-else');
}

describe('Redis over TLS with an ACL user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pitboss-redis-tls-'));
  let redis: ChildProcess;
  let url: string;
  let ca: string;

  before(async () => {
    makeCertificates(dir);
    ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const port = await freePort();
    redis = spawn('redis-server', [
      '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1',
      '--tls-cert-file', join(dir, 'redis.crt'), '--tls-key-file', join(dir, 'redis.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'),
      '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no', '--dir', dir,
      '--user', 'default', 'off', '--user', 'pitboss', 'on', '>s3cret-pass', '~*', '&*', '+@all',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    redis.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    await eventually(() => out.includes('Ready to accept connections'), 10_000);
    url = `rediss://pitboss:s3cret-pass@localhost:${port}`;
  });
  after(() => {
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('PubSub crosses between two nodes over the encrypted link', async () => {
    const prefix = uniquePrefix();
    const a = await RedisPubSub.connect({ url, tls: { ca }, prefix, nodeId: 'tls-a' });
    const b = await RedisPubSub.connect({ url, tls: { ca }, prefix, nodeId: 'tls-b' });
    try {
      const got: unknown[] = [];
      b.subscribe('room:tls', (m) => { got.push(m.payload); });
      await new Promise((r) => setTimeout(r, 100));
      a.broadcast('room:tls', 'hello', { over: 'tls' });
      await eventually(() => got.length === 1, 5000);
      assert.deepEqual(got, [{ over: 'tls' }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('membership takes a lease over the encrypted link', async () => {
    const m = new Membership({ url, tls: { ca }, prefix: uniquePrefix(), nodeId: 'tls-node', ttlMs: 1000 });
    try {
      await m.start();
      assert.equal(typeof m.token, 'number');
      assert.deepEqual(m.liveNodes(), ['tls-node']);
    } finally {
      await m.stop();
    }
  });

  it('refuses a server whose certificate our CA did not sign, and a wrong password', async () => {
    const other = readFileSync(join(dir, 'other.crt'), 'utf8');
    const untrusted = redisClient(url, { ca: other }, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // ioredis rejects connect() with "Connection is closed"; the handshake's reason is its error event.
    const seen: string[] = [];
    untrusted.on('error', (e: Error) => seen.push(e.message));
    await assert.rejects(untrusted.connect());
    assert.match(seen.join('\n'), /self[- ]signed certificate|unable to verify|certificate/i);
    untrusted.disconnect();
    const wrong = redisClient(url.replace('s3cret-pass', 'guess'), { ca }, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const refused: string[] = [];
    wrong.on('error', (e: Error) => refused.push(e.message));
    await assert.rejects(wrong.connect());
    assert.match(refused.join('\n'), /WRONGPASS/);
    wrong.disconnect();
    // A plain connection to the TLS port gets nowhere either.
    const plain = redisClient(url.replace('rediss://', 'redis://'), undefined, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    plain.on('error', () => {});
    await assert.rejects(plain.connect().then(() => plain.ping()));
    plain.disconnect();
  });

  it('a whole node runs on it: membership, PubSub and the rate limits in Redis', async () => {
    const server = await startTestServer({ REDIS_URL: url, PITBOSS_REDIS_TLS_CA: join(dir, 'ca.crt'), PITBOSS_REDIS_PREFIX: uniquePrefix(), PITBOSS_NODE_ID: 'tls-server' });
    try {
      const g = await newGuest(server.url, 'tls-guest'); // the guest rate limit counts in Redis
      assert.ok(g.token.length > 0);
      const probe = redisClient(url, { ca }, { lazyConnect: true });
      await probe.connect();
      const keys = await probe.keys('*tls-server*');
      probe.disconnect();
      assert.ok(keys.length > 0, 'the node holds its lease in the TLS Redis');
    } finally {
      await server.stop();
    }
  });

  it('config reads the CA file at start, and refuses a bad path, a non-PEM file, or certificates for redis://', () => {
    const caPath = join(dir, 'ca.crt');
    const c = loadConfig({ REDIS_URL: url, PITBOSS_REDIS_TLS_CA: caPath });
    assert.equal(c.redisTls?.ca, ca);
    const issues = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.issues;
      }
    };
    assert.match(issues({ REDIS_URL: url, PITBOSS_REDIS_TLS_CA: join(dir, 'missing.crt') }).join('\n'), /PITBOSS_REDIS_TLS_CA: cannot read .*ENOENT/);
    assert.match(issues({ REDIS_URL: url, PITBOSS_REDIS_TLS_CA: join(dir, 'san.ext') }).join('\n'), /PITBOSS_REDIS_TLS_CA: .* is not a PEM file/);
    assert.match(issues({ REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_TLS_CA: caPath }).join('\n'), /not a rediss:\/\/ URL/);
    assert.match(issues({ REDIS_URL: url, PITBOSS_REDIS_TLS_CERT: caPath }).join('\n'), /go together/);
  });
});
