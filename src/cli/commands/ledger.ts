// `pitboss ledger check [--json]`: recompute the ledger invariants; exit 1 if any fails.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { checkLedger, summary } from '../../ledger/check.ts';

export function register(program: Command): void {
  const ledger = program.command('ledger').description('ledger maintenance');
  ledger
    .command('check')
    .description('count accounts and transactions, check that entries sum to zero and no balance is negative')
    .option('--json', 'print {"accounts","transactions","sum","negative_balances","open_rounds"} as one JSON object')
    .action(async (o: { json?: boolean }) => {
      const store = await openStore(loadConfig().database);
      try {
        const d = await checkLedger(store);
        if (o.json) {
          process.stdout.write(JSON.stringify(summary(d)) + '\n');
        } else {
          process.stdout.write(
            `accounts ${d.accounts}, transactions ${d.transactions}, sum ${d.sum}, negative balances ${d.negative_balances}, open rounds ${d.open_rounds}\n` +
            (d.balance_mismatches.length ? `balance differs from entries: ${d.balance_mismatches.join(', ')}\n` : '') +
            (d.unbalanced_transactions.length ? `unbalanced transactions: ${d.unbalanced_transactions.join(', ')}\n` : '') +
            (d.ok ? 'ledger OK\n' : 'LEDGER INCONSISTENT\n'));
        }
        if (!d.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
