// Screenshots of the hall dashboard under load, for docs/img: a server in this process
// (in-memory PGlite, as the page tests use), four terminals (three connected — one of them
// goes quiet and is reported offline — and one never seen), and the `mixed` bots of the
// benchmark in their own process (bench/load/worker.ts) playing all five games for 30 s.
// Near the end of play the dashboard is photographed as an administrator (whole page) and
// as an operator. Short on purpose: the machine is shared.
//
//   node bench/dashboard_screenshot.ts [--out docs/img] [--play-ms 30000]
import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';
import { hashPassword } from '../src/casino/index.ts';
import { TerminalClient } from '../src/terminal/index.ts';
import { chromiumPath } from '../test/web/browser.ts';
import type { LoadCommand, LoadReply } from './protocol.ts';

const { values: o } = parseArgs({ options: { out: { type: 'string', default: 'docs/img' }, 'play-ms': { type: 'string', default: '30000' } } });
const root = fileURLToPath(new URL('..', import.meta.url));
const out = new URL(`${o.out!.replace(/\/?$/, '/')}`, `file://${root}`);
const playMs = Number(o['play-ms']);
const PW = 'a long enough password';
const ROOMY = { PITBOSS_RATE_CONNECTS: '10000/1s', PITBOSS_RATE_JOINS: '10000/1s', PITBOSS_RATE_ACTIONS: '10000/1s', PITBOSS_RATE_GUESTS: '10000/1s', PITBOSS_RATE_READS: '10000/1s', PITBOSS_RATE_SIGN_IN: '10000/1s' };

const server = await startServer(loadConfig({
  DATABASE_URL: 'memory://', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...ROOMY,
  PITBOSS_TERMINAL_OFFLINE_MS: '6000', PITBOSS_ALERT_INTERVAL_MS: '2000',
}));
const s = server.services;
for (const [name, role] of [['ann', 'administrator'], ['olga', 'operator']] as const) await s.ledger!.staff.add({ name, role, passwordHash: await hashPassword(PW) }, 'cli:screenshot');

// Terminals: cab-1..3 connect and heartbeat, cab-3 stops after a while; cab-4 is never seen.
const terminals: TerminalClient[] = [];
for (const id of ['cab-1', 'cab-2', 'cab-3', 'cab-4']) {
  const { secret } = await s.terminals.directory!.add(id, { location: 'row 1', currency: 'PLAY' });
  if (id === 'cab-4') { s.terminals.monitor.known([id]); continue; }
  const t = new TerminalClient({ url: `ws://127.0.0.1:${server.port}/terminal`, terminalId: id, secret, heartbeatMs: 1000 });
  await t.start();
  terminals.push(t);
}
setInterval(() => { for (const t of terminals) t.tick(); }, 500).unref();
await terminals[0]!.cashIn(2000);
setTimeout(() => terminals[2]!.stop(), 8000).unref();

// The bots, in their own process.
const worker = fork(fileURLToPath(new URL('./load/worker.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const replies = new Map<number, (r: LoadReply) => void>();
worker.on('message', (m) => replies.get((m as LoadReply).id)?.((m as LoadReply)));
await new Promise<void>((r) => replies.set(0, () => r()));
let nextId = 1;
const send = <C extends Omit<LoadCommand, 'id'>>(c: C) => new Promise<LoadReply>((resolve, reject) => {
  const id = nextId++;
  replies.set(id, (r) => (r.ok ? resolve(r) : reject(new Error(r.error))));
  worker.send({ ...c, id });
});

const seat = await send({ cmd: 'mixed-seat', port: server.port, players: { slots: 60, roulette: 30, baccarat: 20, blackjack: 20, holdem: 12 } });
console.log('seated', seat['seated']);
const play = send({ cmd: 'mixed-play', durationMs: playMs, windDownMs: 10_000 });

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: await chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const shoot = async (name: string, file: string, fullPage: boolean) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${server.url}/admin`);
  await page.getByTestId('staff-name').fill(name);
  await page.getByTestId('staff-password').fill(PW);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('panel-events').waitFor();
  await page.waitForTimeout(3000);
  await page.screenshot({ path: fileURLToPath(new URL(file, out)), fullPage });
  await page.close();
  console.log('wrote', file);
};
await new Promise((r) => setTimeout(r, Math.max(0, playMs - 9000)));
await shoot('ann', 'admin-dashboard.png', true);
await shoot('olga', 'admin-dashboard-operator.png', false);
await browser.close();
console.log('played', JSON.stringify((await play)['games']));
await send({ cmd: 'close' });
worker.disconnect();
for (const t of terminals) t.stop();
await server.stop();
