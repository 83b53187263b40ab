// The terminal client in a browser (headless Chromium), as a cabinet whose software is a
// web page: the client's modules served with their types stripped (no build step), the
// official phoenix client by an import map, the outbox in the page's localStorage. The
// cabinet goes offline, takes three cash-ins, is reloaded (its software restarts) while
// still offline, and once the network is back they are credited exactly once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/main.ts';
import { creditAccount } from '../../src/casino/index.ts';
import type { TerminalClient } from '../../src/terminal/index.ts';
import { chromiumPath } from '../web/browser.ts';
import { startTestServer } from '../integration/helpers.ts';
import { startProxy, type Proxy } from './support.ts';

const CLIENT_DIR = fileURLToPath(new URL('../../src/terminal/', import.meta.url));
const PHOENIX = join(dirname(fileURLToPath(import.meta.resolve('phoenix'))), 'phoenix.mjs');
// The browser's modules: index.ts and what it imports, never node.ts or file_storage.ts.
const MODULES = ['index.ts', 'client.ts', 'outbox.ts', 'storage.ts'];

const PAGE = `<!doctype html><meta charset="utf-8"><title>cabinet</title>
<script type="importmap">{"imports": {"phoenix": "/vendor/phoenix.mjs"}}</script>
<script type="module">
  import { TerminalClient, KeyValueStorage } from '/terminal/index.ts';
  window.cabinet = (opts) => new TerminalClient({
    ...opts, storage: new KeyValueStorage(localStorage), replyTimeoutMs: 3000, retryMs: 50,
    socket: { reconnectAfterMs: () => 50, rejoinAfterMs: () => 50, heartbeatIntervalMs: 30000 },
  });
</script>`;

/** The cabinet's page and the client's modules, from an origin of their own. */
async function startPageServer(): Promise<Server> {
  const js = (file: string) => stripTypeScriptTypes(readFileSync(join(CLIENT_DIR, file), 'utf8'));
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const name = path.startsWith('/terminal/') ? path.slice('/terminal/'.length) : null;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (path === '/vendor/phoenix.mjs') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(PHOENIX));
    else if (name !== null && MODULES.includes(name)) res.writeHead(200, { 'content-type': 'text/javascript' }).end(js(name));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

declare global {
  interface Window {
    cabinet(opts: { url: string; terminalId: string; secret: string }): TerminalClient;
    client: TerminalClient;
  }
}

describe('the terminal client in a browser', () => {
  let server: RunningServer;
  let proxy: Proxy;
  let pages: Server;
  let browser: Browser;
  let page: Page;
  let secret: string;
  const problems: string[] = [];

  before(async () => {
    server = await startTestServer();
    proxy = await startProxy(server.port);
    pages = await startPageServer();
    ({ secret } = await server.services.terminals.directory!.add('web-1', { currency: 'PLAY' }));
    browser = await chromium.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => pages.close(r));
    await proxy.close();
    await server.stop();
  });

  /** Opens (or reopens) the cabinet's page and starts its client, as its software does at boot. */
  const boot = async () => {
    await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof window.cabinet === 'function');
    await page.evaluate(async (o) => {
      window.client = window.cabinet(o);
      await window.client.start();
    }, { url: `ws://127.0.0.1:${proxy.port}/terminal`, terminalId: 'web-1', secret });
  };
  const credit = () => server.services.ledger!.wallet.balance(creditAccount('web-1', 'PLAY'));

  it('keeps cash-ins taken offline in localStorage across a reload and has them credited once when back online', async () => {
    await boot();
    await page.waitForFunction(() => window.client.connected, undefined, { timeout: 10_000 });
    await page.evaluate(async () => {
      await window.client.cashIn(100);
      await window.client.drained();
    });
    assert.equal(await credit(), 100);

    proxy.offline();
    await page.waitForFunction(() => !window.client.connected, undefined, { timeout: 10_000 });
    await page.evaluate(async () => {
      for (const amount of [200, 300, 400]) await window.client.cashIn(amount);
    });
    assert.equal(await credit(), 100, 'nothing more while offline');

    await boot(); // the cabinet's software restarts, still offline
    assert.deepEqual(await page.evaluate(() => window.client.pending().map((e) => e.payload['amount'])), [200, 300, 400]);
    proxy.online();
    await page.evaluate(() => window.client.drained());
    assert.equal(await credit(), 1000);
    assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('pitboss.terminal.outbox')!).pending), []);
    const check = await server.services.ledger!.check();
    assert.ok(check.ok && check.sum === 0, JSON.stringify(check));
    assert.deepEqual(problems, []);
  });
});
