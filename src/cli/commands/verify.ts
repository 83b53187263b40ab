// `pitboss verify` checks a round two ways.
//
// With seeds — `--server-seed S --client-seed C --nonce N|A-B --game G [--hash H]
// [--option k=v ...]` — it rebuilds the round's FairRng stream from the revealed seeds and
// hands it to the game's own `fairOutcome` (listed in src/games/fair_registry.ts), so the
// verifier runs the very code that dealt the round; with --hash it also checks SHA-256 of
// the server seed against the hash published before the round (exit 1 on a mismatch).
// A nonce range recomputes every round of a retired seed pair at once.
//
// With openings — `--openings FILE` or `--root R --opening JSON ...` — it checks hold'em
// cards against the hand's card commitment without any seed (src/games/holdem/commit.ts):
// FILE holds {root, openings} or a list of them (extra fields such as round_id are kept).
//
// `pitboss verify jackpot …` checks a jackpot's revealed hit point (verify_jackpot.ts).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { FairRng, hashServerSeed, verifyServerSeed } from '../../games/rng/index.ts';
import { addJackpotMode } from './verify_jackpot.ts';
import { fairAliases, fairOutcomeOf, fairOutcomes } from '../../games/fair_registry.ts';
import { checkOpenings } from '../../games/holdem/commit.ts';

/** The games `verify --game` knows, aliases after their game. */
export function fairGames(): string[] {
  return [...Object.keys(fairOutcomes), ...Object.keys(fairAliases)].sort();
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

const collect = (v: string, acc: string[]): string[] => [...acc, v];

interface VerifyFlags {
  serverSeed?: string;
  clientSeed?: string;
  nonce?: string;
  game?: string;
  hash?: string;
  option: Record<string, unknown>;
  openings?: string;
  root?: string;
  opening: string[];
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('verify')
    .description('recompute a provably-fair outcome from revealed seeds, or check hold\'em card openings against their commitment')
    .option('--server-seed <seed>', 'the server seed revealed after the round (or the seed pair\'s rotation)')
    .option('--client-seed <seed>', 'the client seed of the round')
    .option('--nonce <n>', 'the round number under this seed pair, or a range A-B')
    .option('--game <game>', `the game: ${fairGames().join(', ')}`)
    .option('--hash <sha256>', 'the SHA-256 of the server seed published before the round')
    .option('--option <key=value>', 'a game option for fairOutcome, repeatable (e.g. players=6)', collectOption, {})
    .option('--openings <file>', 'hold\'em: a JSON file of {root, openings} (or a list of them) to check')
    .option('--root <sha256>', 'hold\'em: the commitment root published at hand_started')
    .option('--opening <json>', 'hold\'em: one opening {position, card, salt, path}, repeatable (with --root)', collect, [])
    .option('--json', 'print one JSON object')
    .action(async (flags: VerifyFlags) => {
      process.exitCode = flags.openings !== undefined || flags.root !== undefined ? verifyOpenings(flags) : verifySeeds(flags);
    });
  addJackpotMode(cmd);
}

function verifySeeds(f: VerifyFlags): number {
  if (f.serverSeed === undefined || f.clientSeed === undefined || f.nonce === undefined || f.game === undefined) {
    return fail('verify: give --server-seed, --client-seed, --nonce and --game (or --openings / --root to check hold\'em openings)');
  }
  const range = /^(\d+)(?:-(\d+))?$/.exec(f.nonce);
  const from = range ? Number(range[1]) : NaN;
  const to = range?.[2] !== undefined ? Number(range[2]) : from;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from || to - from >= 10_000) {
    return fail(`verify: --nonce must be a non-negative integer or a range A-B (at most 10,000 rounds), got ${JSON.stringify(f.nonce)}`);
  }
  const fairOutcome = fairOutcomeOf(f.game);
  if (fairOutcome === undefined) return fail(`verify: unknown game ${JSON.stringify(f.game)}; games: ${fairGames().join(', ')}`);
  const rounds: Array<{ nonce: number; outcome: unknown }> = [];
  try {
    for (let nonce = from; nonce <= to; nonce++) {
      rounds.push({ nonce, outcome: fairOutcome(new FairRng({ serverSeed: f.serverSeed, clientSeed: f.clientSeed, nonce }), f.option) });
    }
  } catch (err) {
    return fail(`verify: ${f.game}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const serverSeedHash = hashServerSeed(f.serverSeed);
  const hashMatches = f.hash === undefined ? null : verifyServerSeed(f.serverSeed, f.hash);
  const one = range?.[2] === undefined;
  const report = { game: f.game, serverSeed: f.serverSeed, clientSeed: f.clientSeed, ...(one ? { nonce: from } : { nonces: [from, to] }),
    serverSeedHash, hashMatches, ...(one ? { outcome: rounds[0]!.outcome } : { rounds }) };
  if (f.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    process.stdout.write(
      [
        `game:             ${f.game}`,
        `server seed hash: ${serverSeedHash}`,
        hashMatches === null ? 'published hash:   not given (pass --hash to check it)' : `published hash:   ${hashMatches ? 'matches' : 'DOES NOT MATCH'}`,
        ...rounds.map((r) => `outcome${one ? '' : ` #${r.nonce}`}:${' '.repeat(one ? 10 : Math.max(1, 9 - String(r.nonce).length))}${JSON.stringify(r.outcome)}`),
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

function verifyOpenings(f: VerifyFlags): number {
  let hands: Array<Record<string, unknown>>;
  try {
    if (f.openings !== undefined) {
      const parsed = JSON.parse(readFileSync(f.openings, 'utf8')) as unknown;
      hands = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
    } else {
      hands = [{ root: f.root, openings: f.opening.map((o) => JSON.parse(o) as unknown) }];
    }
  } catch (err) {
    return fail(`verify: cannot read the openings: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (hands.length === 0 || !hands.every((h) => h && typeof h === 'object' && typeof h['root'] === 'string' && Array.isArray(h['openings']))) {
    return fail('verify: openings come as {root, openings: [{position, card, salt, path}, ...]} or a list of them');
  }
  const checked = hands.map(({ openings, ...rest }) => ({ ...rest, ...checkOpenings(rest['root'] as string, openings as unknown[]) }) as Record<string, unknown> & ReturnType<typeof checkOpenings>);
  const ok = checked.every((h) => h.ok);
  if (f.json) process.stdout.write(`${JSON.stringify({ ok, hands: checked })}\n`);
  else {
    for (const h of checked) {
      const name = typeof h['round_id'] === 'string' ? `${h['round_id']} ` : '';
      process.stdout.write(`${name}${h.ok ? 'verified' : 'DOES NOT VERIFY'}: ${h.cards.map((c, i) => `${c}@${h.positions[i]}`).join(' ')}${h.failed.length ? ` (failed: openings ${h.failed.join(', ')})` : ''}\n`);
    }
  }
  if (!ok) process.stderr.write('verify: an opening does not hash to its commitment root\n');
  return ok ? 0 : 1;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
