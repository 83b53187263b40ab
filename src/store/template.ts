// A migrated, empty in-memory database, cached as a tarball on disk. Creating a PGlite
// database runs initdb inside WebAssembly (2–4 s on a loaded 2-core machine); loading a
// dumped one takes about 1 s. The test suite starts dozens of in-memory stores, so
// `DATABASE_URL=memory://` with PITBOSS_PGLITE_TEMPLATE=<folder> starts each from a
// template made once. The file name carries a hash of the migrations and of PGlite's
// version, so a new migration or an upgrade makes a new template; it is written to a
// private name and renamed into place, so concurrent processes never read half a file.
// Making, dumping and loading all happen in the store's worker thread (pglite.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate } from './migrate.ts';
import { PgliteStore } from './pglite.ts';

/** PGlite does not export its package.json: find it above the module's entry file. */
function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

function templateName(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(`${m.version}\0${m.name}\0${m.sql}\0`);
  h.update(pgliteVersion());
  return `pglite-${h.digest('hex').slice(0, 16)}.tar`;
}

/** A migrated in-memory store, from the cached template when there is one (made if not). */
export async function openFromTemplate(dir: string): Promise<PgliteStore> {
  const file = join(dir, templateName());
  if (existsSync(file)) {
    try {
      // The worker reads the file itself: its tens of megabytes never cross the thread.
      return await PgliteStore.open(undefined, file);
    } catch {
      // a damaged template: make a new one below
    }
  }
  const store = await PgliteStore.open();
  await migrate(store);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, Buffer.from(await (await store.dump()).arrayBuffer()));
  renameSync(tmp, file);
  return store;
}
