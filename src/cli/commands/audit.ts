// `pitboss audit verify|export`: check the hash chain; dump the log as CSV or JSON lines.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { exportAudit, verifyAudit } from '../../ledger/audit.ts';

export function register(program: Command): void {
  const audit = program.command('audit').description('audit log');
  audit
    .command('verify')
    .description('recompute the hash chain; report edited, inserted or deleted rows (exit 1 if any)')
    .option('--json', 'print the verdict as one JSON object')
    .action(async (o: { json?: boolean }) => {
      const store = await openStore(loadConfig().database);
      try {
        const v = await verifyAudit(store);
        if (o.json) process.stdout.write(JSON.stringify(v) + '\n');
        else {
          for (const p of v.problems) process.stdout.write(`row ${p.seq}: ${p.problem}\n`);
          process.stdout.write(v.ok ? `audit chain OK (${v.rows} rows)\n` : `AUDIT CHAIN BROKEN (${v.problems.length} problems in ${v.rows} rows)\n`);
        }
        if (!v.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
  audit
    .command('export')
    .description('write the audit log to stdout')
    .option('--format <format>', 'csv or jsonl', 'jsonl')
    .action(async (o: { format: string }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') {
        process.stderr.write('--format must be csv or jsonl\n');
        process.exitCode = 2;
        return;
      }
      const store = await openStore(loadConfig().database);
      try {
        await exportAudit(store, o.format, (s) => process.stdout.write(s));
      } finally {
        await store.close();
      }
    });
}
