// `pitboss replay <round_id>`: re-run a round from its journal with the game's replayer
// and check it reproduces the recorded outcome (exit 1 if not).
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { replayRound } from '../../ledger/rounds/replay.ts';
import { casinoReplayers } from '../../casino/adapters/replayers.ts';

export function register(program: Command): void {
  program
    .command('replay <round_id>')
    .description('re-run a round from its journal and compare with the recorded outcome')
    .option('--json', 'print the report as one JSON object')
    .action(async (roundId: string, o: { json?: boolean }) => {
      const store = await openStore(loadConfig().database);
      try {
        const report = await replayRound(store, roundId, await casinoReplayers());
        if (!report) {
          if (o.json) process.stdout.write(JSON.stringify({ ok: false, roundId, error: 'not_found' }) + '\n');
          else process.stderr.write(`no round ${roundId}\n`);
          process.exitCode = 1;
          return;
        }
        if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
        else {
          process.stdout.write(`round ${roundId} (${report.game}, ${report.status})\n`);
          process.stdout.write(`replayed payouts ${JSON.stringify(report.replayed.payouts)}\n`);
          process.stdout.write(report.ok ? 'reproduces the recorded outcome\n' : `MISMATCH: ${report.mismatches.join('; ')}\n`);
        }
        if (!report.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
