// The install's integrity: a manifest written when the install was approved, and every
// change since then — a file edited, removed or added, or the manifest itself edited —
// named by the check, by the CLI (exit 1) and at start (refused under `enforce`).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE, checkInstallAtStart, readManifest, verifyInstall, writeManifest } from '../../src/ops/install_manifest.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function install(): string {
  const root = mkdtempSync(join(tmpdir(), 'pitboss-install-'));
  dirs.push(root);
  for (const d of ['bin', 'src/ledger', 'src/store/migrations', 'node_modules/dep', 'data']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'bin/pitboss.mjs'), 'run()\n');
  writeFileSync(join(root, 'src/ledger/post.ts'), 'export const post = 1;\n');
  writeFileSync(join(root, 'src/store/migrations/001.sql'), 'CREATE TABLE t (id int);\n');
  writeFileSync(join(root, 'package.json'), '{"name":"pitboss"}\n');
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(root, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
  writeFileSync(join(root, 'data/state.db'), 'not code');
  return root;
}

const lines = () => {
  const got: Array<[string, object, string]> = [];
  return { got, log: { info: (o: object, m: string) => got.push(['info', o, m]), error: (o: object, m: string) => got.push(['error', o, m]) } };
};

describe('install manifest', () => {
  it('covers code, migrations and lockfiles, not data; dependencies only when deep', () => {
    const root = install();
    const m = writeManifest(root);
    assert.deepEqual(Object.keys(m.files), ['bin/pitboss.mjs', 'package-lock.json', 'package.json', 'src/ledger/post.ts', 'src/store/migrations/001.sql']);
    assert.ok(verifyInstall(root, readManifest(root)!).ok);
    const deep = writeManifest(root, { deep: true });
    assert.ok('node_modules/dep/index.js' in deep.files);
    writeFileSync(join(root, 'node_modules/dep/index.js'), 'module.exports = 2;\n');
    assert.deepEqual(verifyInstall(root, deep).changed, ['node_modules/dep/index.js']);
  });

  it('names every file changed, missing or added, and the new root', () => {
    const root = install();
    const m = writeManifest(root);
    writeFileSync(join(root, 'src/ledger/post.ts'), 'export const post = 2;\n');
    unlinkSync(join(root, 'src/store/migrations/001.sql'));
    writeFileSync(join(root, 'src/ledger/backdoor.ts'), 'export {};\n');
    writeFileSync(join(root, 'data/other.db'), 'still not code');
    const v = verifyInstall(root, m);
    assert.equal(v.ok, false);
    assert.deepEqual([v.changed, v.missing, v.added], [['src/ledger/post.ts'], ['src/store/migrations/001.sql'], ['src/ledger/backdoor.ts']]);
    assert.notEqual(v.root, m.root);
    assert.equal(v.expectedRoot, m.root);
  });

  it('a manifest edited to bless a changed file no longer matches its own root', () => {
    const root = install();
    writeManifest(root);
    writeFileSync(join(root, 'src/ledger/post.ts'), 'evil\n');
    const path = join(root, MANIFEST_FILE);
    const m = JSON.parse(readFileSync(path, 'utf8'));
    m.files['src/ledger/post.ts'] = 'f'.repeat(64);
    writeFileSync(path, JSON.stringify(m));
    assert.throws(() => readManifest(root), /does not match its root digest/);
  });

  it('the CLI: exit 0 and the root when it matches, 1 with the names when not, 1 without a manifest', () => {
    const root = install();
    const cli = (...args: string[]) => spawnSync(process.execPath, [main, 'verify-install', '--root', root, ...args], { encoding: 'utf8', timeout: 30_000 });
    const none = cli();
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no pitboss.manifest.json/);
    const w = cli('--write');
    assert.equal(w.status, 0);
    const root0 = /root ([0-9a-f]{64})/.exec(w.stdout)![1];
    const ok = cli();
    assert.equal(ok.status, 0);
    assert.match(ok.stdout, new RegExp(`ok: 5 files match, root ${root0}`));
    assert.equal(cli('--expect', root0!).status, 0);
    const other = cli('--expect', 'a'.repeat(64));
    assert.equal(other.status, 1);
    assert.match(other.stderr, /is not the approved a{64}/);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{"evil":{}}}\n');
    const bad = cli();
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /changed {2}package-lock.json/);
    assert.match(bad.stdout, /FAILED: 1 changed, 0 missing, 0 added/);
  });

  it('at start: off checks nothing; warn logs and starts; enforce refuses a mismatch or a missing manifest', () => {
    const root = install();
    let l = lines();
    assert.equal(checkInstallAtStart(root, 'warn', l.log), true);
    assert.deepEqual(l.got, [], 'no manifest, nothing to say under warn');
    assert.equal(checkInstallAtStart(root, 'enforce', l.log), false);
    writeManifest(root);
    l = lines();
    assert.equal(checkInstallAtStart(root, 'enforce', l.log), true);
    assert.equal(l.got[0]![2], 'install verified against its manifest');
    writeFileSync(join(root, 'bin/pitboss.mjs'), 'tampered()\n');
    l = lines();
    assert.equal(checkInstallAtStart(root, 'warn', l.log), true);
    assert.deepEqual(l.got.map((g) => [g[0], g[2]]), [['error', 'install does not match its manifest']]);
    assert.deepEqual((l.got[0]![1] as { changed: string[] }).changed, ['bin/pitboss.mjs']);
    assert.equal(checkInstallAtStart(root, 'enforce', lines().log), false);
    assert.equal(checkInstallAtStart(root, 'off', lines().log), true);
    // A manifest rewritten to bless the change matches the files, but not the approved root.
    const approved = readManifest(root)!.root;
    const rewritten = writeManifest(root);
    assert.equal(checkInstallAtStart(root, 'enforce', lines().log), true);
    l = lines();
    assert.equal(checkInstallAtStart(root, 'enforce', l.log, approved), false);
    assert.deepEqual(l.got.map((g) => g[2]), ['install manifest is not the approved one']);
    assert.equal(checkInstallAtStart(root, 'enforce', lines().log, rewritten.root), true);
  });
});
