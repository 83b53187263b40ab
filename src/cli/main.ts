// The `pitboss` command. Each file in ./commands registers one subcommand, so
// commands are added without editing this file.
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface CommandModule {
  register(program: Command): void;
}

export async function buildProgram(): Promise<Command> {
  const program = new Command('pitboss')
    .description('Pitboss casino game server')
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's help/version exits are not failures
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      process.exit(err.exitCode || 2);
    });
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Partial<CommandModule>;
    if (typeof mod.register === 'function') mod.register(program);
  }
  return program;
}

export async function run(argv: string[] = process.argv): Promise<void> {
  const program = await buildProgram();
  await program.parseAsync(argv);
}

// Run when executed directly (`node src/cli/main.ts`); bin/pitboss.mjs imports and calls run().
if (import.meta.main) await run();
