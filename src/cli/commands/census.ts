// `pitboss census poker --cards 5|7 [--json]`: counts every poker hand by category by
// exhaustive enumeration (src/games/hand_rank/census.ts). The progress bar goes to stderr
// and only to a terminal; with --json stdout carries exactly one JSON object.
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { census, type Census } from '../../games/hand_rank/census.ts';
import { CATEGORIES } from '../../games/hand_rank/index.ts';

export function register(program: Command): void {
  program
    .command('census')
    .description('enumerate every hand of a game and count the outcomes exactly')
    .argument('<game>', 'the game to enumerate (poker)')
    .requiredOption('--cards <n>', 'poker hand size: 5 or 7')
    .option('--json', 'print one JSON object instead of a table')
    .action((game: string, opts: { cards: string; json?: boolean }) => {
      if (game !== 'poker') return fail(`census: unknown game ${JSON.stringify(game)} (supported: poker)`);
      const cards = Number(opts.cards);
      if (cards !== 5 && cards !== 7) return fail(`census: --cards must be 5 or 7, got ${JSON.stringify(opts.cards)}`);
      const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, etaBuffer: 50 }, Presets.shades_classic) : null;
      const t0 = performance.now();
      bar?.start(1, 0);
      const result = census(cards, (done, total) => {
        bar?.setTotal(total);
        bar?.update(done);
      });
      bar?.stop();
      const seconds = Number(((performance.now() - t0) / 1000).toFixed(3));
      process.stdout.write(opts.json ? `${JSON.stringify({ ...result, seconds })}\n` : table(cards, result, seconds));
    });
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

function table(cards: number, r: Census, seconds: number): string {
  const rows = [...CATEGORIES].reverse().map((c) => {
    const n = r.categories[c];
    return `${c.padEnd(16)}${n.toLocaleString('en-US').padStart(14)}${((100 * n) / r.hands).toFixed(4).padStart(10)}%`;
  });
  return [
    `${cards}-card poker hands`,
    ...rows,
    `${'total'.padEnd(16)}${r.hands.toLocaleString('en-US').padStart(14)}`,
    `distinct values: ${r.distinct}`,
    `time: ${seconds} s`,
    '',
  ].join('\n');
}
