// `pitboss migrate`: apply pending SQL migrations to the configured database.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { migrate } from '../../store/migrate.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (PGlite under PITBOSS_DATA_DIR, or DATABASE_URL)')
    .option('--json', 'print {"applied": [...]} as one JSON object')
    .action(async (o: { json?: boolean }) => {
      const store = await openStore(loadConfig().database, { migrate: false });
      try {
        const applied = await migrate(store);
        if (o.json) process.stdout.write(JSON.stringify({ applied }) + '\n');
        else process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'schema is up to date\n');
      } finally {
        await store.close();
      }
    });
}
