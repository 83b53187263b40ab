// The install's critical files and their SHA-256, checked against a manifest written when
// the install was approved (`pitboss verify-install --write`), at every start and on demand.
// A gaming lab records the manifest's root digest; a file changed, added or removed since
// then shows up by name. What counts as critical: everything that decides what the server
// does — our code, migrations, the web page, the package manifests and the lockfile (which
// pins every dependency by its integrity hash; `npm ci` checks those contents on install,
// and `--deep` adds the installed dependency files themselves, on demand: they are many).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST_FILE = 'pitboss.manifest.json';

/** The install this code runs from (…/src/ops → …). */
export const INSTALL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Folders and files under the install root that are critical (relative, `/`-separated). */
const CRITICAL = ['bin', 'src', 'package.json', 'package-lock.json'];
const DEEP = ['node_modules'];

export interface Manifest {
  version: 1;
  created_at: string;
  /** SHA-256 over the sorted `path\0hash\n` lines: one figure that names the whole install. */
  root: string;
  deep: boolean;
  files: Record<string, string>;
}

export interface Verification {
  ok: boolean;
  root: string;
  expectedRoot: string;
  changed: string[];
  missing: string[];
  added: string[];
}

function walk(abs: string, out: string[]): void {
  let st;
  try {
    st = statSync(abs);
  } catch {
    return;
  }
  if (st.isFile()) {
    out.push(abs);
    return;
  }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(abs).sort()) walk(join(abs, name), out);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Every critical file under `root` with its hash, sorted by path. */
export function hashInstall(root: string, opts: { deep?: boolean } = {}): Record<string, string> {
  const paths: string[] = [];
  for (const p of [...CRITICAL, ...(opts.deep ? DEEP : [])]) walk(join(root, p), paths);
  const files: Record<string, string> = {};
  for (const abs of paths.sort()) files[relative(root, abs).split(sep).join('/')] = sha256(readFileSync(abs));
  return files;
}

export function rootDigest(files: Record<string, string>): string {
  return sha256(Object.keys(files).sort().map((p) => `${p}\0${files[p]}\n`).join(''));
}

export function writeManifest(root: string, opts: { deep?: boolean; now?: Date } = {}): Manifest {
  const files = hashInstall(root, opts);
  const m: Manifest = { version: 1, created_at: (opts.now ?? new Date()).toISOString(), root: rootDigest(files), deep: opts.deep ?? false, files };
  writeFileSync(join(root, MANIFEST_FILE), `${JSON.stringify(m, null, 1)}\n`, { mode: 0o644 });
  return m;
}

/** The manifest at `root`, or null when the install has none; a manifest that is not one throws. */
export function readManifest(root: string): Manifest | null {
  const path = join(root, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
  if (m.version !== 1 || typeof m.root !== 'string' || typeof m.files !== 'object' || m.files === null) {
    throw new Error(`${path} is not a Pitboss install manifest`);
  }
  // The manifest must agree with itself: an edited file list with the old root is caught here.
  if (rootDigest(m.files) !== m.root) throw new Error(`${path}: its file list does not match its root digest (edited?)`);
  return m as Manifest;
}

export function verifyInstall(root: string, m: Manifest): Verification {
  const now = hashInstall(root, { deep: m.deep });
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [p, h] of Object.entries(m.files)) {
    if (now[p] === undefined) missing.push(p);
    else if (now[p] !== h) changed.push(p);
  }
  const added = Object.keys(now).filter((p) => m.files[p] === undefined);
  const digest = rootDigest(now);
  return { ok: changed.length + missing.length + added.length === 0, root: digest, expectedRoot: m.root, changed, missing, added };
}

export type VerifyMode = 'off' | 'warn' | 'enforce';

/**
 * The check at start: nothing to say without a manifest (an unapproved install, a
 * checkout), a line for a match, and for a mismatch an error — fatal under `enforce`.
 * Returns false when the start must not go on.
 */
export function checkInstallAtStart(root: string, mode: VerifyMode, log: { info(o: object, m: string): void; error(o: object, m: string): void }, expected?: string): boolean {
  if (mode === 'off') return true;
  let m: Manifest | null;
  try {
    m = readManifest(root);
  } catch (err) {
    log.error({ err }, 'install manifest unreadable');
    return mode !== 'enforce';
  }
  if (m === null) {
    if (mode === 'enforce') log.error({ root }, `PITBOSS_VERIFY_INSTALL=enforce but there is no ${MANIFEST_FILE}`);
    return mode !== 'enforce';
  }
  // Whoever can rewrite the files can rewrite the manifest: the approved root, kept
  // elsewhere (the lab's record, the deployment's secrets), is what pins it.
  if (expected !== undefined && m.root !== expected) {
    log.error({ manifest: m.root, expected }, 'install manifest is not the approved one');
    return mode !== 'enforce';
  }
  const v = verifyInstall(root, m);
  if (v.ok) {
    log.info({ root: v.root, files: Object.keys(m.files).length }, 'install verified against its manifest');
    return true;
  }
  log.error({ changed: v.changed, missing: v.missing, added: v.added, expected: v.expectedRoot, now: v.root }, 'install does not match its manifest');
  return mode !== 'enforce';
}
