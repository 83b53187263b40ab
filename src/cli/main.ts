// The `pitboss` command. The subcommands are listed in ./commands/index.ts; only the one
// named on the command line is loaded, so `pitboss --help` (and every command) starts
// without the code of all the others.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.ts';

export type { CommandModule } from './commands/index.ts';

/** The subcommand the arguments (after node and the script) name: the first operand, or the one after `help`. */
export function commandNamed(args: readonly string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command('pitboss')
    .description('Pitboss casino game server')
    .version(pkg.version, '-V, --version', 'print the Pitboss version')
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's help/version exits are not failures
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      process.exit(err.exitCode || 2);
    });
  const named = commandNamed(argv.slice(2));
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === named) (await entry.load()).register(program);
    // Listed for the overview and for commander's "did you mean"; never run (the named one is loaded instead).
    else program.command(entry.args ? `${name} ${entry.args}` : name).description(entry.summary);
  }
  return program;
}

export async function run(argv: string[] = process.argv): Promise<void> {
  const program = await buildProgram(argv);
  await program.parseAsync(argv);
}

// Run when executed directly (`node src/cli/main.ts`); bin/pitboss.mjs imports and calls run().
if (import.meta.main) await run();
