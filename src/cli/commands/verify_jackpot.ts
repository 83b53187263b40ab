// `pitboss verify jackpot --hit-point N --salt S --commitment H --reset R --ceiling C [--json]`:
// checks a must-hit-by jackpot's revealed hit point (from the `jackpot_won` event or the
// award's audit row) against the commitment published since the reset,
// SHA-256('<hit point>:<salt>'), and that it lies in the published range [reset, ceiling].
// Exit 0 when both hold, 1 when either fails, 2 on malformed input.
// (A module of the `verify` command, not a command of its own: it has no `register`.)
import type { Command } from 'commander';
import { checkHitReveal, commitHitPoint } from '../../ledger/index.ts';

interface JackpotFlags {
  hitPoint: string;
  salt: string;
  commitment: string;
  reset: string;
  ceiling: string;
  json?: boolean;
}

export function addJackpotMode(verify: Command): void {
  verify
    .command('jackpot')
    .description('check a jackpot\'s revealed hit point and salt against its published commitment and range')
    .requiredOption('--hit-point <n>', 'the hit point revealed with the win')
    .requiredOption('--salt <salt>', 'the salt revealed with the win')
    // Not --hash: options of `verify` itself are recognised after `jackpot` too, and it has a --hash.
    .requiredOption('--commitment <sha256>', 'the commitment published from the reset on')
    .requiredOption('--reset <n>', 'the low end of the published range (the reset value)')
    .requiredOption('--ceiling <n>', 'the high end of the published range (must-hit-by)')
    .action((_flags: unknown, cmd: Command) => {
      // --json is `verify`'s own option, shared with this mode.
      process.exitCode = verifyJackpot(cmd.optsWithGlobals<JackpotFlags>());
    });
}

const int = (s: string): number | null => (/^\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : null);

function verifyJackpot(f: JackpotFlags): number {
  const [hitPoint, lo, hi] = [int(f.hitPoint), int(f.reset), int(f.ceiling)];
  if (hitPoint === null || lo === null || hi === null) return fail('verify jackpot: --hit-point, --reset and --ceiling must be non-negative integers');
  if (lo > hi) return fail(`verify jackpot: --reset ${lo} is above --ceiling ${hi}`);
  const { hashMatches, inRange } = checkHitReveal({ hitPoint, salt: f.salt, commitment: f.commitment, lo, hi });
  const commitment = commitHitPoint(hitPoint, f.salt);
  if (f.json) process.stdout.write(`${JSON.stringify({ hitPoint, salt: f.salt, commitment, hashMatches, range: [lo, hi], inRange })}\n`);
  else {
    process.stdout.write([
      `hit point:        ${hitPoint}`,
      `commitment:       ${commitment}`,
      `published hash:   ${hashMatches ? 'matches' : 'DOES NOT MATCH'}`,
      `published range:  [${lo}, ${hi}] ${inRange ? 'contains it' : 'DOES NOT CONTAIN IT'}`,
      '',
    ].join('\n'));
  }
  if (!hashMatches) process.stderr.write(`verify jackpot: SHA-256 of "${hitPoint}:<salt>" is ${commitment}, not the published ${f.commitment}\n`);
  if (!inRange) process.stderr.write(`verify jackpot: hit point ${hitPoint} is outside [${lo}, ${hi}]\n`);
  return hashMatches && inRange ? 0 : 1;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
