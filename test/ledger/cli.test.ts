// The CLI commands this area owns, run as a user would: a separate process configured
// only by the environment. PostgreSQL runs in a private schema (via the URL's options);
// one run checks the default, PGlite on disk under PITBOSS_DATA_DIR.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/open.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { PG_URL, createSchema, dropSchema } from '../store/backends.ts';
import { playDiceRound } from './dice-play.ts';
import { diceReplayers } from '../fixtures/dice.ts';
import { replay } from '../../src/cli/commands/replay.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function pitboss(env: Record<string, string>, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI: migrate, ledger check, audit, replay', () => {
  let schema: string;
  let env: Record<string, string>;
  before(async () => {
    schema = await createSchema();
    env = { DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  });
  after(() => dropSchema(schema));

  it('migrate applies the schema once', () => {
    const first = pitboss(env, 'migrate', '--json');
    assert.equal(first.code, 0, first.err);
    assert.ok((JSON.parse(first.out) as { applied: string[] }).applied.includes('001_ledger.sql'));
    assert.deepEqual(JSON.parse(pitboss(env, 'migrate', '--json').out), { applied: [] });
  });

  it('ledger check --json prints exactly the six counters, and exits 1 when an open round has no table finishing it', async () => {
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
    const ledger = new Ledger(store);
    await ledger.wallet.deposit({ player: 'c1', currency: 'EUR', amount: 1000, key: 'c1-dep' });
    await playDiceRound(ledger, { roundId: 'C-1', seats: [{ player: 'c1', amount: 100, pick: 'high' }] });
    await playDiceRound(ledger, { roundId: 'C-2', seats: [{ player: 'c1', amount: 100, pick: 'low' }], stopAfter: 'after-open' });
    await store.close();
    // external cashier, player c1, escrow and house of table-1; deposit + two stakes + one settlement
    const r = pitboss(env, 'ledger', 'check', '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { accounts: 4, transactions: 4, sum: 0, negative_balances: 0, open_rounds: 1, stale_rounds: 0 });
    // The same open round, judged with no patience at all: nobody is finishing it.
    const stale = pitboss(env, 'ledger', 'check', '--json', '--stale-after', '0');
    assert.equal(stale.code, 1);
    assert.equal(JSON.parse(stale.out).stale_rounds, 1);
  });

  it('replay reproduces a settled round with the game\'s replayer, and exits 1 for an unknown one', async () => {
    // The command's work, in process, with a registry that knows the test game.
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
    try {
      const run = async (id: string, json: boolean) => {
        let out = '';
        let err = '';
        const code = await replay(store, id, { json }, diceReplayers(), { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
        return { code, out, err };
      };
      const ok = await run('C-1', true);
      assert.equal(ok.code, 0, ok.out + ok.err);
      const report = JSON.parse(ok.out) as { ok: boolean; game: string };
      assert.deepEqual([report.ok, report.game], [true, 'test-dice']);
      assert.match((await run('C-1', false)).out, /reproduces the recorded outcome/);
      assert.deepEqual(await run('nope', false), { code: 1, out: '', err: 'no round nope\n' });
    } finally {
      await store.close();
    }
    // The command as users run it: the casino's games only, so the test game is not replayable there.
    assert.equal(pitboss(env, 'replay', 'nope').code, 1);
    const foreign = pitboss(env, 'replay', 'C-1', '--json');
    assert.equal(foreign.code, 1);
    assert.deepEqual((JSON.parse(foreign.out) as { mismatches: string[] }).mismatches, ['no replayer registered for game test-dice']);
  });

  it('audit verify passes, export writes CSV and JSON lines, and tampering is reported', async () => {
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
    await new Ledger(store).audit({ actor: 'staff-1', action: 'config_change', subject: 'table:1', before: { max: 1 }, after: { max: 2 } });
    const v = pitboss(env, 'audit', 'verify', '--json');
    assert.equal(v.code, 0, v.err);
    assert.deepEqual(JSON.parse(v.out), { ok: true, rows: 1, problems: [] });
    const csv = pitboss(env, 'audit', 'export', '--format', 'csv').out.trim().split('\n');
    assert.equal(csv.length, 2);
    assert.equal(JSON.parse(pitboss(env, 'audit', 'export', '--format', 'jsonl').out).actor, 'staff-1');
    assert.equal(pitboss(env, 'audit', 'export', '--format', 'xml').code, 2);
    await store.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query("UPDATE audit_log SET actor = 'someone-else'");
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    await store.close();
    const bad = pitboss(env, 'audit', 'verify');
    assert.equal(bad.code, 1);
    assert.match(bad.out, /row 1: hash_mismatch/);
  });

  it('uses embedded PGlite under PITBOSS_DATA_DIR by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-cli-'));
    try {
      const r = pitboss({ PITBOSS_DATA_DIR: dir }, 'ledger', 'check', '--json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), { accounts: 0, transactions: 0, sum: 0, negative_balances: 0, open_rounds: 0, stale_rounds: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
