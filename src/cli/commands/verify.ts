// `pitboss verify --server-seed S --client-seed C --nonce N --game G [--hash H]
// [--option k=v ...] [--json]`: recomputes a provably-fair outcome. It rebuilds the
// round's FairRng stream from the revealed seeds and hands it to the game's own
// `fairOutcome` (src/games/<G>/fair.ts), so the verifier runs the very code that dealt
// the round. With --hash it also checks SHA-256(server seed) against the hash that was
// published before the round and exits 1 on a mismatch.
// `pitboss verify jackpot …` checks a jackpot's revealed hit point (verify_jackpot.ts).
import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { FairRng, hashServerSeed, verifyServerSeed } from '../../games/rng/index.ts';
import type { Rng } from '../../games/rng/index.ts';
import { addJackpotMode } from './verify_jackpot.ts';

type FairModule = { fairOutcome?: (rng: Rng, opts?: Record<string, unknown>) => unknown };

const gamesDir = new URL('../../games/', import.meta.url);
const fairFile = (game: string) => new URL(`${game}/fair.ts`, gamesDir);

/** Games whose folder has a fair.ts exporting fairOutcome (rng/fair.ts is the RNG, not a game). */
export async function fairGames(): Promise<string[]> {
  const names = readdirSync(gamesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(fairFile(d.name)))
    .map((d) => d.name)
    .sort();
  const games: string[] = [];
  for (const name of names) {
    const mod = (await import(fairFile(name).href).catch(() => ({}))) as FairModule;
    if (typeof mod.fairOutcome === 'function') games.push(name);
  }
  return games;
}

/** `k=v` → {k: v}, the value read as JSON when it parses (numbers, booleans) else as text. */
function collectOption(kv: string, acc: Record<string, unknown>): Record<string, unknown> {
  const eq = kv.indexOf('=');
  if (eq < 1) throw new Error(`--option expects key=value, got ${JSON.stringify(kv)}`);
  const raw = kv.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain text, e.g. a machine id
  }
  return { ...acc, [kv.slice(0, eq)]: value };
}

interface VerifyFlags {
  serverSeed?: string;
  clientSeed?: string;
  nonce?: string;
  game?: string;
  hash?: string;
  option: Record<string, unknown>;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description('recompute a provably-fair outcome from the revealed server seed, client seed and nonce')
    // Checked in verify(), not by commander: a parent's mandatory options would also bind `verify jackpot`.
    .option('--server-seed <seed>', 'the server seed revealed after the round (required)')
    .option('--client-seed <seed>', 'the client seed the player supplied (required)')
    .option('--nonce <n>', 'the round number under this seed pair (required)')
    .option('--game <game>', 'the game folder whose fair.ts decides the outcome (required)')
    .option('--hash <sha256>', 'the SHA-256 of the server seed published before the round')
    .option('--option <key=value>', 'a game option for fairOutcome, repeatable (e.g. players=6)', collectOption, {})
    .option('--json', 'print one JSON object')
    .action(async (flags: VerifyFlags) => {
      process.exitCode = await verify(flags);
    });
  addJackpotMode(cmd);
}

async function verify(flags: VerifyFlags): Promise<number> {
  const missing = (['serverSeed', 'clientSeed', 'nonce', 'game'] as const).filter((k) => flags[k] === undefined);
  if (missing.length > 0) return fail(`verify: required: ${missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
  const f = flags as Required<Pick<VerifyFlags, 'serverSeed' | 'clientSeed' | 'nonce' | 'game'>> & VerifyFlags;
  const nonce = Number(f.nonce);
  if (!/^\d+$/.test(f.nonce) || !Number.isSafeInteger(nonce)) return fail(`verify: --nonce must be a non-negative integer, got ${JSON.stringify(f.nonce)}`);
  // the name check also keeps the path inside src/games
  const mod = /^[a-z0-9_-]+$/.test(f.game) && existsSync(fairFile(f.game)) ? ((await import(fairFile(f.game).href)) as FairModule) : {};
  const fairOutcome = mod.fairOutcome;
  if (typeof fairOutcome !== 'function') {
    return fail(`verify: unknown game ${JSON.stringify(f.game)}; games with a fair.ts: ${(await fairGames()).join(', ')}`);
  }
  let outcome: unknown;
  try {
    outcome = fairOutcome(new FairRng({ serverSeed: f.serverSeed, clientSeed: f.clientSeed, nonce }), f.option);
  } catch (err) {
    return fail(`verify: ${f.game}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const serverSeedHash = hashServerSeed(f.serverSeed);
  const hashMatches = f.hash === undefined ? null : verifyServerSeed(f.serverSeed, f.hash);
  const report = { game: f.game, serverSeed: f.serverSeed, clientSeed: f.clientSeed, nonce, serverSeedHash, hashMatches, outcome };
  if (f.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    process.stdout.write(
      [
        `game:             ${f.game}`,
        `server seed hash: ${serverSeedHash}`,
        hashMatches === null ? 'published hash:   not given (pass --hash to check it)' : `published hash:   ${hashMatches ? 'matches' : 'DOES NOT MATCH'}`,
        `outcome:          ${JSON.stringify(outcome)}`,
        '',
      ].join('\n'),
    );
  }
  if (hashMatches === false) {
    process.stderr.write(`verify: SHA-256 of the server seed is ${serverSeedHash}, not the published ${f.hash}\n`);
    return 1;
  }
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
