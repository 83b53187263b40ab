// `pitboss start --nodes N` as an operator runs it: N node processes on one port, one
// cluster on the local Redis and a PostgreSQL database of the test's own. A node killed
// is started again under its id while the others serve; SIGTERM stops them all.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { eventually, withDatabase } from '../cluster/support.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(PITBOSS_|DATABASE_URL$|REDIS_URL$|NODE_ENV$|PORT$|HOST$|LOG_LEVEL$)/.test(k)) out[k] = v;
  }
  return { ...out, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
}

describe('pitboss start --nodes', () => {
  let db: Awaited<ReturnType<typeof withDatabase>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-nodes-'));
  const prefix = `pitboss-test-nodes-${randomBytes(4).toString('hex')}:`;
  const env = () => ({
    REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_PREFIX: prefix, PITBOSS_NODE_ID: 'grp',
    DATABASE_URL: db.url, PITBOSS_DATA_DIR: dataDir,
  });
  const redis = new Redis('redis://127.0.0.1:6379');
  let child: ChildProcess | undefined;

  before(async () => {
    db = await withDatabase();
  });
  after(async () => {
    child?.kill('SIGKILL');
    redis.disconnect();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a group without Redis, or on the embedded database, and says why', () => {
    const run = (e: Record<string, string>) => spawnSync(process.execPath, [main, 'start', '--nodes', '2'], { env: cleanEnv(e), encoding: 'utf8', timeout: 30_000 });
    const noRedis = run({ DATABASE_URL: env().DATABASE_URL, PITBOSS_DATA_DIR: dataDir });
    assert.equal(noRedis.status, 2);
    assert.match(noRedis.stderr, /--nodes needs REDIS_URL/);
    const embedded = run({ REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_DATA_DIR: dataDir });
    assert.equal(embedded.status, 2);
    assert.match(embedded.stderr, /--nodes needs DATABASE_URL=postgres/);
    const zero = spawnSync(process.execPath, [main, 'start', '--nodes', '0'], { env: cleanEnv(env()), encoding: 'utf8', timeout: 30_000 });
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /--nodes must be an integer from 1 to 64/);
  });

  it('runs two nodes on one port; a killed node comes back under its id while the other serves; SIGTERM stops both', async () => {
    child = spawn(process.execPath, [main, 'start', '--nodes', '2'], { env: cleanEnv(env()), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    await eventually(() => /Pitboss is up on http:\/\/localhost:\d+ {2}\(2 nodes/.test(err), 90_000);
    const url = `http://127.0.0.1:${/localhost:(\d+)/.exec(err)![1]}`;
    const pids = new Map([...err.matchAll(/node (grp-\d) \(pid (\d+)\) is up/g)].map((m) => [m[1]!, Number(m[2])]));
    assert.deepEqual([...pids.keys()].sort(), ['grp-0', 'grp-1']);
    assert.equal(await redis.exists(`${prefix}lease:grp-0`, `${prefix}lease:grp-1`), 2, 'each node holds its lease');
    const guest = async (name: string) => (await fetch(`${url}/api/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })).status;
    for (let i = 0; i < 4; i++) assert.equal(await guest(`g${i}`), 201);

    process.kill(pids.get('grp-0')!, 'SIGKILL');
    await eventually(() => err.includes('node grp-0 exited (SIGKILL); starting it again'), 10_000);
    // The group serves on while grp-0 is away (every connection goes to grp-1).
    for (let i = 0; i < 4; i++) assert.equal(await guest(`h${i}`), 201);
    await eventually(() => [...err.matchAll(/node grp-0 \(pid (\d+)\) is up/g)].length === 2, 90_000);
    const again = [...err.matchAll(/node grp-0 \(pid (\d+)\) is up/g)].map((m) => Number(m[1]));
    assert.notEqual(again[1], again[0], 'a new process');
    assert.equal(await redis.exists(`${prefix}lease:grp-0`), 1, 'under the same id, with its lease');
    assert.equal(await guest('after'), 201);

    const code = await new Promise<number | null>((resolve) => {
      child!.once('exit', (c) => resolve(c));
      child!.kill('SIGTERM');
    });
    assert.equal(code, 0);
    for (const pid of [...pids.values(), ...again]) assert.throws(() => process.kill(pid, 0), /ESRCH/, `node process ${pid} is gone`);
  });
});
