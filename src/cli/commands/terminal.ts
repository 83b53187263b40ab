// `pitboss terminal add|list|disable`: the hall's cabinets and their credentials. `add`
// prints the new secret once — it is stored only as a scrypt hash, so a lost secret is
// replaced by disabling the terminal and adding it again under a new id.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { DEFAULT_TERMINAL_CURRENCY, TerminalDirectory, type Terminal } from '../../casino/index.ts';
import { PitbossError } from '../../errors.ts';

function refuse(message: string): undefined {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
  return undefined;
}

const view = (t: Terminal) => ({
  id: t.id, location: t.location, currency: t.currency, created_at: t.createdAt.toISOString(), disabled_at: t.disabledAt?.toISOString() ?? null,
});

async function withDirectory<T>(fn: (d: TerminalDirectory) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig().database);
  try {
    return await fn(new TerminalDirectory(store));
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  const terminal = program.command('terminal').description('terminals (cabinets) and their credentials');
  terminal
    .command('add <id>')
    .description('register a terminal and print its secret (shown this once)')
    .option('--location <text>', 'where it stands (shown to staff)', '')
    .option('--currency <code>', 'currency of its cash and credit meter', DEFAULT_TERMINAL_CURRENCY)
    .option('--json', 'print {"id","secret",...} as one JSON object')
    .action(async (id: string, o: { location: string; currency: string; json?: boolean }) => {
      if (!/^[A-Z][A-Z0-9_]{1,15}$/.test(o.currency)) return refuse('--currency takes an upper-case code like EUR or PLAY');
      const added = await withDirectory((d) => d.add(id, { location: o.location, currency: o.currency })).catch((err: unknown) => {
        // A bad or taken id is the operator's typo, not a crash: one line and exit 1.
        if (err instanceof PitbossError) return refuse(err.message);
        throw err;
      });
      if (!added) return;
      const { terminal: t, secret } = added;
      if (o.json) process.stdout.write(JSON.stringify({ ...view(t), secret }) + '\n');
      else process.stdout.write(`terminal ${t.id} added (${t.currency}${t.location ? `, ${t.location}` : ''})\nsecret: ${secret}\nKeep it in the cabinet's configuration: it is not shown again.\n`);
    });
  terminal
    .command('list')
    .description('list terminals')
    .option('--json', 'print one JSON object per line')
    .action(async (o: { json?: boolean }) => {
      const all = await withDirectory((d) => d.list());
      for (const t of all) {
        const v = view(t);
        process.stdout.write(o.json ? JSON.stringify(v) + '\n' : `${v.id}\t${v.currency}\t${v.disabled_at ? 'disabled' : 'enabled'}\t${v.location}\n`);
      }
    });
  terminal
    .command('disable <id>')
    .description('refuse the terminal from its next connect or money event on')
    .action(async (id: string) => {
      const found = await withDirectory((d) => d.disable(id));
      if (!found) return void refuse(`no terminal ${id}`);
      process.stdout.write(`terminal ${id} disabled\n`);
    });
}
