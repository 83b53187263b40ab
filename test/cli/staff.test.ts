// `pitboss staff` and `pitboss audit verify` as an operator runs them, against a
// PostgreSQL database of their own: accounts made at the shell sign in to a running
// server, their actions are audited, the chain verifies — and stops verifying once a row
// is altered in the database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTestServer } from '../integration/helpers.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const ADMIN_URL = process.env.PITBOSS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PW = 'staff password 123';

/** Runs `pitboss <args>` with DATABASE_URL set and `input` on stdin. */
function pitboss(db: string, args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(PITBOSS_|DATABASE_URL$|REDIS_URL$)/.test(k)) env[k] = v;
    const child = spawn(process.execPath, [main, ...args], { env: { ...env, DATABASE_URL: db, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('pitboss staff', () => {
  const name = `pb_cli_${randomBytes(5).toString('hex')}`;
  const db = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  before(() => admin(`CREATE DATABASE ${name}`));
  after(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('adds, lists and disables accounts; the audit chain verifies after their actions and fails after an edit', async () => {
    const added = await pitboss(db, ['staff', 'add', 'ann', '--role', 'administrator', '--password-stdin'], `${PW}\n`);
    assert.equal(added.code, 0, added.err);
    assert.equal(added.out, 'added ann (administrator)\n');
    assert.equal((await pitboss(db, ['staff', 'add', 'bob', '--role', 'operator', '--password-stdin'], `${PW}\n`)).code, 0);
    const short = await pitboss(db, ['staff', 'add', 'cy', '--role', 'operator', '--password-stdin'], 'short\n');
    assert.equal(short.code, 2);
    const role = await pitboss(db, ['staff', 'add', 'cyd', '--role', 'king', '--password-stdin'], `${PW}\n`);
    assert.deepEqual([role.code, /--role must be one of/.test(role.err)], [2, true]);
    const again = await pitboss(db, ['staff', 'add', 'ann', '--role', 'operator', '--password-stdin'], `${PW}\n`);
    assert.deepEqual([again.code, /exists/.test(again.err)], [1, true]);

    // A session of staff actions on a server over that database.
    const server = await startTestServer({ DATABASE_URL: db });
    try {
      const signIn = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ann', password: PW }) });
      assert.equal(signIn.status, 201);
      const { token } = (await signIn.json()) as { token: string };
      const drain = await fetch(`${server.url}/api/admin/tables/slots-1/drain`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.equal(drain.status, 200, await drain.text());
      const verify = await fetch(`${server.url}/api/admin/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await verify.json()) as { ok: boolean }).ok, true);
    } finally {
      await server.stop();
    }
    assert.equal((await pitboss(db, ['staff', 'disable', 'bob'])).code, 0);
    const list = await pitboss(db, ['staff', 'list', '--json']);
    assert.deepEqual(list.out.trim().split('\n').map((l) => JSON.parse(l)).map((a) => [a.name, a.role, a.disabledAt !== null]),
      [['ann', 'administrator', false], ['bob', 'operator', true]]);

    const ok = await pitboss(db, ['audit', 'verify', '--json']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    const verdict = JSON.parse(ok.out);
    assert.equal(verdict.ok, true);
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    try {
      const actions = (await c.query("SELECT action, actor FROM audit_log WHERE actor LIKE 'staff:%' OR actor LIKE 'cli:%' ORDER BY seq")).rows.map((r) => r.action);
      assert.deepEqual(actions, ['staff_add', 'staff_add', 'staff_sign_in', 'table_drain', 'audit_verify', 'staff_disable']);
      // Someone with database rights makes the drain look like someone else's.
      await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await c.query("UPDATE audit_log SET actor = 'staff:bob' WHERE action = 'table_drain'");
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    } finally {
      await c.end();
    }
    const bad = await pitboss(db, ['audit', 'verify']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /hash_mismatch/);
    assert.match(bad.out, /AUDIT CHAIN BROKEN/);
  });
});
