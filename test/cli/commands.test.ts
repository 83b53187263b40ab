// The `pitboss` command's list of subcommands (src/cli/commands/index.ts): what the
// overview shows matches each command's own module, and only the command that runs is loaded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { Command, type Argument } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { commandNamed } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

// Prints, at exit, every file of ours the process loaded (a module hook sees each load once).
const RECORD_LOADS = `data:text/javascript,${encodeURIComponent(`
  import { registerHooks } from 'node:module';
  const loaded = [];
  registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
  process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(loaded) + '\\n'));
`)}`;

/** Runs `pitboss <args>` and returns its stdout and the project files it loaded (relative paths). */
function runRecording(...args: string[]): { code: number | null; out: string; ours: string[]; packages: string[] } {
  const r = spawnSync(process.execPath, ['--import', RECORD_LOADS, main, ...args], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  const urls = (JSON.parse(line.slice('LOADED '.length)) as string[]).filter((u) => u.startsWith('file:'));
  const paths = urls.map((u) => fileURLToPath(u));
  return {
    code: r.status,
    out: r.stdout,
    ours: paths.map((p) => relative(root, p)).filter((f) => f.startsWith('src/')).sort(),
    // node_modules may be a link to another checkout, so packages are named by the path's tail
    packages: [...new Set(paths.map((p) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1]).filter((n) => n !== undefined))].sort(),
  };
}

const argText = (a: Argument) => {
  const name = `${a.name()}${a.variadic ? '...' : ''}`;
  return a.required ? `<${name}>` : `[${name}]`;
};

describe('the pitboss command list', () => {
  it('shows each command as its own module declares it: name, arguments, description', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const program = new Command('pitboss');
      (await entry.load()).register(program);
      const cmd = program.commands.find((c) => c.name() === name);
      assert.ok(cmd, `${name}: its module registers no command of that name`);
      assert.equal(cmd.description(), entry.summary, name);
      assert.equal(cmd.registeredArguments.map(argText).join(' '), entry.args ?? '', name);
    }
  });

  it('finds the command a command line names, also after `help`', () => {
    assert.equal(commandNamed(['sim', 'roulette', '--json']), 'sim');
    assert.equal(commandNamed(['--help']), undefined);
    assert.equal(commandNamed(['help', 'replay']), 'replay');
    assert.equal(commandNamed(['help']), undefined);
  });

  it('answers --help from the list alone: every command shown, no command module, no database, casino or benchmark code loaded', () => {
    const r = runRecording('--help');
    assert.equal(r.code, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(r.out, new RegExp(`^  ${name}\\b`, 'm'), name);
    assert.deepEqual(r.ours, ['src/cli/commands/index.ts', 'src/cli/main.ts']);
    assert.deepEqual(r.packages, ['commander']);
  });

  it('loads only the command that runs (its help included)', () => {
    const r = runRecording('sim', '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /--rounds <n>/);
    assert.ok(r.ours.includes('src/cli/commands/sim.ts'));
    assert.deepEqual(r.ours.filter((f) => f.startsWith('src/cli/commands/') && f !== 'src/cli/commands/index.ts'), ['src/cli/commands/sim.ts']);
    assert.deepEqual(r.ours.filter((f) => /^src\/(casino|store|ledger)\//.test(f)), []);
  });
});
