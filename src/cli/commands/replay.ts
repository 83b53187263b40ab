// `pitboss replay <round_id>`: re-run a round from its journal with the game's replayer
// and check it reproduces the recorded outcome (exit 1 if not). The replayers are the
// casino's table games (src/casino/adapters/replayers.ts); a test passes its own.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore, type Store } from '../../store/index.ts';
import { replayRound, type Replayers } from '../../ledger/index.ts';
import { casinoReplayers } from '../../casino/index.ts';

export function register(program: Command): void {
  program
    .command('replay <round_id>')
    .description('re-run a round from its journal and compare with the recorded outcome')
    .option('--json', 'print the report as one JSON object')
    .action(async (roundId: string, o: { json?: boolean }) => {
      const store = await openStore(loadConfig().database);
      try {
        process.exitCode = await replay(store, roundId, o, casinoReplayers(), { out: process.stdout, err: process.stderr });
      } finally {
        await store.close();
      }
    });
}

interface Output {
  write(text: string): unknown;
}

/** The command's work on an open store: prints the report, returns the exit code (0 reproduced, 1 not or no such round). */
export async function replay(store: Store, roundId: string, o: { json?: boolean }, replayers: Replayers, io: { out: Output; err: Output }): Promise<number> {
  const report = await replayRound(store, roundId, replayers);
  if (!report) {
    if (o.json) io.out.write(JSON.stringify({ ok: false, roundId, error: 'not_found' }) + '\n');
    else io.err.write(`no round ${roundId}\n`);
    return 1;
  }
  if (o.json) io.out.write(JSON.stringify(report) + '\n');
  else {
    io.out.write(`round ${roundId} (${report.game}, ${report.status})\n`);
    io.out.write(`replayed payouts ${JSON.stringify(report.replayed.payouts)}\n`);
    io.out.write(report.ok ? 'reproduces the recorded outcome\n' : `MISMATCH: ${report.mismatches.join('; ')}\n`);
  }
  return report.ok ? 0 : 1;
}
