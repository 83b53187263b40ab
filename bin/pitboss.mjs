#!/usr/bin/env node
// Entry for `npx pitboss`. The project runs on Node 24 (type stripping); if an older
// node was picked from PATH, re-run under the Node 24 that the `node` devDependency ships.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  const { run } = await import(join(root, 'src/cli/main.ts'));
  await run(process.argv);
} else {
  const bundled = join(root, 'node_modules/node/bin/node');
  if (!existsSync(bundled)) {
    console.error(`pitboss needs Node 24 or newer (found ${process.versions.node}); run \`npm install\` first.`);
    process.exit(1);
  }
  const r = spawnSync(bundled, [join(root, 'src/cli/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
