// `pitboss sim <game> --rounds N --seed S [--rules k=v,k=v | --rules file.json]
// [--machine file.json] [--json]`: runs the game's simulator (listed in
// src/games/sim_registry.ts, loaded on demand) and reports RTP, house edge and the 95% interval,
// overall and per bet. With --json stdout carries exactly one JSON object; otherwise a
// table, with a progress bar on stderr when stderr is a terminal.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { BetStats, SimResult } from '../../games/types.ts';
import { simulatorOf, simulators } from '../../games/sim_registry.ts';

/** A value from the command line: JSON when it parses (numbers, booleans), else the text. */
function coerce(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `--rules k=v,k=v` or `--rules file.json` (a JSON object). */
export function parseRulesFlag(flag: string | undefined): Record<string, unknown> {
  if (flag === undefined) return {};
  if (flag.endsWith('.json') || (!flag.includes('=') && existsSync(flag))) {
    const parsed = JSON.parse(readFileSync(flag, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${flag} must hold a JSON object`);
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const pair of flag.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--rules expects key=value pairs, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq).trim()] = coerce(pair.slice(eq + 1).trim());
  }
  return out;
}

interface SimFlags {
  rounds: string;
  seed: string;
  rules?: string;
  machine?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('simulate a game and report its RTP, house edge and 95% confidence interval')
    .argument('<game>', Object.keys(simulators).join(', '))
    .option('--rounds <n>', 'rounds to play', '100000')
    .option('--seed <seed>', 'seed of the deterministic simulation stream', 'pitboss')
    .option('--rules <rules>', 'game rules: k=v,k=v or a JSON file (e.g. decks=0,h17=true for blackjack)')
    .option('--machine <file>', 'slot machine definition (JSON), passed as options.machine')
    .option('--json', 'print one JSON object on stdout')
    .action(async (game: string, flags: SimFlags) => {
      process.exitCode = await run(game, flags);
    });
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

async function run(game: string, f: SimFlags): Promise<number> {
  const rounds = Number(f.rounds);
  if (!/^\d+$/.test(f.rounds) || !Number.isSafeInteger(rounds) || rounds < 1) return fail(`sim: --rounds must be a positive integer, got ${JSON.stringify(f.rounds)}`);
  const simulate = await simulatorOf(game);
  if (simulate === undefined) return fail(`sim: unknown game ${JSON.stringify(game)}; games: ${Object.keys(simulators).join(', ')}`);
  let options: Record<string, unknown>;
  try {
    options = parseRulesFlag(f.rules);
    if (f.machine !== undefined) options.machine = JSON.parse(readFileSync(f.machine, 'utf8'));
  } catch (err) {
    return fail(`sim: ${(err as Error).message}`);
  }
  const bar = !f.json && process.stderr.isTTY ? new SingleBar({ stream: process.stderr, etaBuffer: 50 }, Presets.shades_classic) : null;
  bar?.start(rounds, 0);
  let result: SimResult;
  try {
    result = simulate({ rounds, seed: f.seed, options, onProgress: bar ? (done) => bar.update(done) : undefined });
  } catch (err) {
    bar?.stop();
    return fail(`sim: ${(err as Error).message}`);
  }
  bar?.stop();
  const { game: name, rtp, house_edge, ci95, bets } = result;
  if (f.json) process.stdout.write(`${JSON.stringify({ game: name, rounds: result.rounds, rtp, house_edge, ci95, bets })}\n`);
  else process.stdout.write(table(result, f.seed, options));
  return 0;
}

const pct = (x: number): string => `${(100 * x).toFixed(4)}%`;

function table(r: SimResult, seed: string, options: Record<string, unknown>): string {
  const { machine: _m, ...rules } = options;
  const rows: [string, BetStats][] = [['all', r], ...Object.entries(r.bets)];
  const w = Math.max(...rows.map(([n]) => n.length), 3);
  const line = (cols: string[]) => `${cols[0]!.padEnd(w)}  ${cols.slice(1).map((c) => c.padStart(10)).join('  ')}`;
  const out = [
    `${r.game}: ${r.rounds} rounds, seed ${JSON.stringify(seed)}${Object.keys(rules).length ? `, rules ${JSON.stringify(rules)}` : ''}`,
    line(['bet', 'rtp', 'edge', 'ci95 lo', 'ci95 hi']),
    ...rows.map(([n, s]) => line([n, pct(s.rtp), pct(s.house_edge), pct(s.ci95[0]), pct(s.ci95[1])])),
  ];
  return `${out.join('\n')}\n`;
}
