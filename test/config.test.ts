import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadConfig, ConfigError } from '../src/config.ts';

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    assert.equal(c.port, 4000);
    assert.equal(c.host, '0.0.0.0');
    assert.deepEqual(c.database, { kind: 'pglite', dataDir: resolve('./data/pglite') });
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.devSecret, true);
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

  it('parses a comma-separated origin list', () => {
    assert.deepEqual(loadConfig({ PITBOSS_ORIGINS: 'http://a.test, http://b.test' }).origins, ['http://a.test', 'http://b.test']);
  });
});
