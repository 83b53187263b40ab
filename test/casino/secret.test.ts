import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecret, SECRET_FILE } from '../../src/casino/auth/secret.ts';

const root = mkdtempSync(join(tmpdir(), 'pitboss-secret-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`, 'data'); // not created yet, as on a first start

describe('the generated token secret', () => {
  it('is 32 random bytes, created once with mode 0600 and read back on the next start', async () => {
    const dir = freshDir();
    const first = await loadOrCreateSecret(dir);
    assert.equal(first.created, true);
    assert.equal(Buffer.from(first.secret, 'base64url').length, 32);
    assert.equal(statSync(join(dir, SECRET_FILE)).mode & 0o777, 0o600);
    const again = await loadOrCreateSecret(dir);
    assert.deepEqual([again.secret, again.created, again.exposed], [first.secret, false, false]);
    assert.notEqual((await loadOrCreateSecret(freshDir())).secret, first.secret, 'another data directory, another secret');
  });

  it('gives processes starting at once the same secret', async () => {
    const dir = freshDir();
    const all = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecret(dir)));
    assert.equal(new Set(all.map((s) => s.secret)).size, 1);
    assert.equal(all.filter((s) => s.created).length, 1);
  });

  it('refuses a truncated file rather than sign with a weak secret, and flags one others can read', async () => {
    const dir = freshDir();
    await loadOrCreateSecret(dir);
    chmodSync(join(dir, SECRET_FILE), 0o644);
    assert.equal((await loadOrCreateSecret(dir)).exposed, true);
    writeFileSync(join(dir, SECRET_FILE), 'short\n');
    await assert.rejects(loadOrCreateSecret(dir), /no usable token secret/);
  });
});
