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
    .option('--json', 'print {"accounts","transactions","sum","negative_balances","open_rounds","stale_rounds"} as one JSON object')
    .option('--stale-after <seconds>', 'an open round with no step for this long has no table finishing it (default 600)')
    .action(async (o: { json?: boolean; staleAfter?: string }) => {
      const store = await openStore(loadConfig().database);
      try {
        const staleAfter = o.staleAfter === undefined ? undefined : Number(o.staleAfter);
        if (staleAfter !== undefined && !(Number.isFinite(staleAfter) && staleAfter >= 0)) throw new Error('--stale-after takes a number of seconds');
        const d = await checkLedger(store, staleAfter === undefined ? {} : { staleAfterMs: staleAfter * 1000 });
        if (o.json) {
          process.stdout.write(JSON.stringify(summary(d)) + '\n');
        } else {
          process.stdout.write(
            `accounts ${d.accounts}, transactions ${d.transactions}, sum ${d.sum}, negative balances ${d.negative_balances}, open rounds ${d.open_rounds} (stale ${d.stale_rounds})\n` +
            (d.stale_rounds ? `${d.stale_rounds} open round(s) have had no step for too long: no table is finishing them\n` : '') +
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
