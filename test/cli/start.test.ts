// `pitboss start` as an operator runs it: the token secret in production, and the one
// generated on a first start without a secret, kept in the data directory across restarts.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pitboss-start-'));
  dirs.push(d);
  return d;
};

/** The environment of this process without any Pitboss setting, plus `env`. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(PITBOSS_|DATABASE_URL$|REDIS_URL$|NODE_ENV$|PORT$|HOST$|LOG_LEVEL$)/.test(k)) out[k] = v;
  }
  return { ...out, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
}

/** Starts the CLI and resolves with its base URL once it says it is up. */
function startCli(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main, 'start'], { env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /Pitboss is up on http:\/\/localhost:(\d+)/.exec(err);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`pitboss start exited with ${code}: ${err}`)));
  });
}

function stopCli(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('pitboss start', () => {
  it('refuses to start with NODE_ENV=production and no PITBOSS_SECRET, and says why', () => {
    const dataDir = tempDir();
    const r = spawnSync(process.execPath, [main, 'start'], { env: cleanEnv({ NODE_ENV: 'production', PITBOSS_DATA_DIR: dataDir }), encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(r.status, 0, 'it started');
    assert.notEqual(r.status, null, `it did not exit by itself: ${r.stderr}`);
    assert.match(r.stderr, /PITBOSS_SECRET: .*NODE_ENV=production/);
    assert.doesNotMatch(r.stderr, /Pitboss is up/);
  });

  it('generates a secret on the first start, keeps it private in the data directory, and honours tokens across a restart', async () => {
    const dataDir = tempDir();
    const first = await startCli({ PITBOSS_DATA_DIR: dataDir });
    const guest = (await (await fetch(`${first.url}/api/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"alice"}' })).json()) as { token: string; player_id: string };
    assert.equal(await stopCli(first.child), 0);

    const file = statSync(join(dataDir, 'token_secret'));
    assert.equal(file.mode & 0o777, 0o600, 'the secret is readable by its owner only');

    const second = await startCli({ PITBOSS_DATA_DIR: dataDir });
    try {
      const me = await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${guest.token}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { player_id: string }).player_id, guest.player_id);
    } finally {
      await stopCli(second.child);
    }
  });
});
