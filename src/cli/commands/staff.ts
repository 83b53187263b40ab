// `pitboss staff add|list|disable`: staff accounts of the admin API, made at the shell
// (the first administrator has no one to create them in the API). The password is read
// from stdin (`--password-stdin`, for scripts) or asked twice on the terminal without
// echo; it is never an argument, which `ps` and shell history would show. Every change is
// audited with the actor `cli:<os user>`.
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { StaffAccounts, STAFF_ROLES, type StaffRole } from '../../ledger/index.ts';
import { hashPassword, passwordProblem } from '../../casino/index.ts';

const actor = () => `cli:${userInfo().username}`;

async function withStaff<T>(fn: (staff: StaffAccounts) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig().database);
  try {
    return await fn(new StaffAccounts(store));
  } finally {
    await store.close();
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** One line from the terminal with echo off: raw mode, so nothing typed is shown; Ctrl-C aborts. */
function ask(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let text = '';
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else text += ch;
      }
    };
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function password(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdin();
  const first = await ask('password: ');
  if ((await ask('again: ')) !== first) throw new Error('the two passwords differ');
  return first;
}

function fail(message: string, code = 2): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

export function register(program: Command): void {
  const staff = program.command('staff').description('staff accounts of the admin API (roles: operator, administrator, technician)');
  staff
    .command('add <name>')
    .description('create a staff account; the password is asked on the terminal, or read from stdin')
    .requiredOption('--role <role>', `one of ${STAFF_ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin (the first line)')
    .action(async (name: string, o: { role: string; passwordStdin?: boolean }) => {
      if (!(STAFF_ROLES as readonly string[]).includes(o.role)) return fail(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      let pw: string;
      try {
        pw = await password(o.passwordStdin === true);
      } catch (err) {
        return fail((err as Error).message);
      }
      const problem = passwordProblem(pw);
      if (problem) return fail(problem);
      try {
        const a = await withStaff(async (s) => s.add({ name, role: o.role as StaffRole, passwordHash: await hashPassword(pw) }, actor()));
        process.stdout.write(`added ${a.name} (${a.role})\n`);
      } catch (err) {
        fail((err as Error).message, 1);
      }
    });
  staff
    .command('list')
    .description('list staff accounts')
    .option('--json', 'one JSON object per line')
    .action(async (o: { json?: boolean }) => {
      const all = await withStaff((s) => s.list());
      for (const a of all) {
        process.stdout.write(o.json ? JSON.stringify(a) + '\n'
          : `${a.name.padEnd(32)} ${a.role.padEnd(13)} ${a.disabledAt ? `disabled ${a.disabledAt} by ${a.disabledBy}` : 'active'}\n`);
      }
    });
  staff
    .command('disable <name>')
    .description('disable a staff account: its sessions stop at their next request (names are never reused)')
    .action(async (name: string) => {
      try {
        const a = await withStaff((s) => s.disable(name, actor()));
        process.stdout.write(`disabled ${a.name}\n`);
      } catch (err) {
        fail((err as Error).message, 1);
      }
    });
}
