// `pitboss verify-install`: the install's critical files against the manifest written when
// it was approved (src/ops/install_manifest.ts). `--write` writes that manifest. Exit 1 when
// anything differs, naming each file; the root digest is printed either way.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { INSTALL_ROOT, MANIFEST_FILE, readManifest, verifyInstall, writeManifest } from '../../ops/install_manifest.ts';

export function register(program: Command): void {
  program
    .command('verify-install')
    .description('check the install\'s critical files against its manifest (--write: write the manifest)')
    .option('--write', `write ${MANIFEST_FILE} from the files as they are now`)
    .option('--deep', 'with --write: include the installed dependencies (node_modules) too')
    .option('--root <dir>', 'the install to check (default: this one)')
    .option('--expect <root>', 'the approved root digest: the manifest must have it')
    .option('--json', 'print the result as JSON')
    .action((opts: { write?: boolean; deep?: boolean; root?: string; json?: boolean; expect?: string }) => {
      const root = resolve(opts.root ?? INSTALL_ROOT);
      if (opts.write) {
        const m = writeManifest(root, { deep: opts.deep ?? false });
        console.log(opts.json ? JSON.stringify({ root: m.root, files: Object.keys(m.files).length }) : `wrote ${MANIFEST_FILE}: ${Object.keys(m.files).length} files, root ${m.root}`);
        return;
      }
      let m;
      try {
        m = readManifest(root);
      } catch (err) {
        console.error((err as Error).message);
        process.exit(1);
      }
      if (m === null) {
        console.error(`no ${MANIFEST_FILE} in ${root}: write one when the install is approved (pitboss verify-install --write)`);
        process.exit(1);
      }
      if (opts.expect !== undefined && opts.expect !== m.root) {
        console.error(`FAILED: the manifest's root ${m.root} is not the approved ${opts.expect}`);
        process.exit(1);
      }
      const v = verifyInstall(root, m);
      if (opts.json) console.log(JSON.stringify(v));
      else {
        for (const p of v.changed) console.log(`changed  ${p}`);
        for (const p of v.missing) console.log(`missing  ${p}`);
        for (const p of v.added) console.log(`added    ${p}`);
        console.log(v.ok ? `ok: ${Object.keys(m.files).length} files match, root ${v.root}` : `FAILED: ${v.changed.length} changed, ${v.missing.length} missing, ${v.added.length} added (manifest root ${v.expectedRoot}, now ${v.root})`);
      }
      if (!v.ok) process.exit(1);
    });
}
