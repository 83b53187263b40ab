// Terminal credentials: the scrypt hash and its check, and the terminals table behind
// `pitboss terminal add|list|disable` and the terminal socket's connect.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../src/store/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { TerminalDirectory } from '../../../src/casino/index.ts';
import { hashSecret, newSecret, verifySecret } from '../../../src/casino/terminals/credentials.ts';
import { PitbossError } from '../../../src/errors.ts';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('terminal secrets', () => {
  it('verifies the secret a hash was made from, and nothing else', async () => {
    const secret = newSecret();
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    const stored = await hashSecret(secret, CHEAP);
    assert.match(stored, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifySecret(secret, stored), true);
    assert.equal(await verifySecret(secret.slice(1), stored), false);
    assert.equal(await verifySecret('', stored), false);
    assert.notEqual(await hashSecret(secret, CHEAP), stored, 'a fresh salt each time');
  });

  it('uses the cost a stored hash names, and matches nothing with a malformed or unbounded one', async () => {
    const secret = newSecret();
    const stored = await hashSecret(secret, { N: 2048, r: 4, p: 1 });
    assert.equal(await verifySecret(secret, stored), true);
    for (const bad of ['', 'plain', stored.replace('scrypt$', 'bcrypt$'), stored.replace('$2048$', '$3000$'), stored.replace('$2048$', '$1073741824$'), stored.slice(0, -5)]) {
      assert.equal(await verifySecret(secret, bad), false, bad);
    }
  });
});

describe('TerminalDirectory', () => {
  let store: Store;
  let terminals: TerminalDirectory;
  before(async () => {
    const template = process.env['PITBOSS_PGLITE_TEMPLATE'] ? { PITBOSS_PGLITE_TEMPLATE: process.env['PITBOSS_PGLITE_TEMPLATE'] } : {};
    store = await openStore(loadConfig({ DATABASE_URL: 'memory://', ...template }).database);
    terminals = new TerminalDirectory(store, { cost: CHEAP });
  });
  after(() => store.close());

  it('adds a terminal, keeps only the hash of its secret, and authenticates it', async () => {
    const { terminal, secret } = await terminals.add('cab-1', { location: 'bar', currency: 'EUR' });
    assert.deepEqual({ ...terminal, createdAt: undefined }, { id: 'cab-1', location: 'bar', currency: 'EUR', createdAt: undefined, disabledAt: null });
    const [row] = await store.query<{ secret_hash: string }>('SELECT secret_hash FROM terminals WHERE id = $1', ['cab-1']);
    assert.ok(!row!.secret_hash.includes(secret));
    assert.deepEqual(await terminals.authenticate('cab-1', secret), { ok: true, terminal: (await terminals.get('cab-1'))! });
    assert.deepEqual(await terminals.authenticate('cab-1', 'wrong'), { ok: false, problem: 'bad_secret' });
    assert.deepEqual(await terminals.authenticate('nobody', secret), { ok: false, problem: 'unknown_terminal' });
    assert.deepEqual(await terminals.authenticate('bad id!', secret), { ok: false, problem: 'unknown_terminal' });
  });

  it('refuses a taken id, an id a topic cannot hold, and an unknown currency', async () => {
    await terminals.add('cab-2', { currency: 'PLAY' });
    await assert.rejects(terminals.add('cab-2', { currency: 'PLAY' }), (e: unknown) => e instanceof PitbossError && /exists already/.test(e.message));
    await assert.rejects(terminals.add('cab:3', { currency: 'PLAY' }), (e: unknown) => e instanceof PitbossError && e.reason === 'invalid_payload');
    await assert.rejects(terminals.add('cab-3', { currency: 'eur' }));
  });

  it('disables a terminal for good (idempotent), after which its secret opens nothing', async () => {
    const { secret } = await terminals.add('cab-4', { currency: 'PLAY' });
    assert.equal(await terminals.disable('cab-4'), true);
    const first = (await terminals.get('cab-4'))!.disabledAt;
    assert.ok(first instanceof Date);
    assert.equal(await terminals.disable('cab-4'), true);
    assert.deepEqual((await terminals.get('cab-4'))!.disabledAt, first, 'the first disabling time stays');
    assert.equal(await terminals.disable('nope'), false);
    assert.deepEqual(await terminals.authenticate('cab-4', secret), { ok: false, problem: 'terminal_disabled' });
    assert.deepEqual((await terminals.list()).map((t) => [t.id, t.disabledAt !== null]), [['cab-1', false], ['cab-2', false], ['cab-4', true]]);
  });
});
