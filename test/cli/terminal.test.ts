// `pitboss terminal add|list|disable` as an operator runs it, against a PostgreSQL
// database of its own: the secret printed once opens the terminal, the database holds
// only its hash, a disabled terminal's secret opens nothing, and typos exit 1 with one line.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../src/store/index.ts';
import { TerminalDirectory } from '../../src/casino/index.ts';
import { withDatabase } from '../cluster/support.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

describe('pitboss terminal', () => {
  let db: Awaited<ReturnType<typeof withDatabase>>;
  let env: NodeJS.ProcessEnv & { DATABASE_URL: string };
  const run = (...args: string[]) => spawnSync(process.execPath, [main, 'terminal', ...args], { encoding: 'utf8', env });
  let store: Store;

  before(async () => {
    db = await withDatabase();
    env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
  });
  after(async () => {
    await store?.close();
    await db?.drop();
  });

  it('adds a terminal and prints its secret once, lists it, disables it', async () => {
    const added = run('add', 'cab-1', '--location', 'row 3', '--currency', 'EUR', '--json');
    assert.equal(added.status, 0, added.stderr);
    const out = JSON.parse(added.stdout) as { id: string; location: string; currency: string; secret: string; disabled_at: null };
    assert.deepEqual([out.id, out.location, out.currency, out.disabled_at], ['cab-1', 'row 3', 'EUR', null]);
    const plain = run('add', 'cab-2');
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /^terminal cab-2 added \(PLAY\)\nsecret: [A-Za-z0-9_-]{43}\n/);

    store = await openStore({ kind: 'postgres', url: env.DATABASE_URL });
    const directory = new TerminalDirectory(store);
    assert.equal((await directory.authenticate('cab-1', out.secret)).ok, true);
    const [row] = await store.query<{ secret_hash: string }>('SELECT secret_hash FROM terminals WHERE id = $1', ['cab-1']);
    assert.ok(row!.secret_hash.startsWith('scrypt$') && !row!.secret_hash.includes(out.secret));

    assert.equal(run('list').stdout, 'cab-1\tEUR\tenabled\trow 3\ncab-2\tPLAY\tenabled\t\n');
    const disabled = run('disable', 'cab-1');
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.equal(disabled.stdout, 'terminal cab-1 disabled\n');
    assert.deepEqual(await directory.authenticate('cab-1', out.secret), { ok: false, problem: 'terminal_disabled' });
    const listed = run('list', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; disabled_at: string | null });
    assert.deepEqual(listed.map((t) => [t.id, t.disabled_at !== null]), [['cab-1', true], ['cab-2', false]]);
  });

  it('exits 1 with one line for a taken id, a bad id, a bad currency and an unknown terminal', () => {
    for (const [args, message] of [
      [['add', 'cab-2'], 'terminal cab-2 exists already\n'],
      [['add', 'cab 3'], 'a terminal id is 1 to 64 of A-Z a-z 0-9 _ . -\n'],
      [['add', 'cab-3', '--currency', 'eur'], '--currency takes an upper-case code like EUR or PLAY\n'],
      [['disable', 'nope'], 'no terminal nope\n'],
    ] as const) {
      const r = run(...args);
      assert.equal(r.status, 1, args.join(' '));
      assert.equal(r.stderr, message);
    }
  });
});
