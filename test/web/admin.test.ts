// The hall dashboard (/admin) in headless Chromium against a real server in this process.
// Staff of each role are made as `pitboss staff add` makes them (the ledger's staff
// accounts, scrypt hashes) and sign in through the page; each sees exactly the panels and
// buttons its role's permissions give it: an operator drains a table, a technician has no
// drain button (and the API refuses it), an administrator filters the audit log and
// exports it (the CSV's rows are the log's). The page changes live when a player joins
// a table, and the availability CSV downloads. Screenshots go to .tmp/web/ (gitignored).
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Socket } from 'phoenix';
import { chromiumPath } from './browser.ts';
import type { RunningServer } from '../../src/main.ts';
import { hashPassword } from '../../src/casino/index.ts';
import type { StaffRole } from '../../src/ledger/index.ts';
import { clientSocket, joinAsync, newGuest, startTestServer, waitFor } from '../integration/helpers.ts';

const SHOTS = fileURLToPath(new URL('../../.tmp/web/', import.meta.url));
const PW = 'a long enough password';
const STAFF: Record<StaffRole, string> = { operator: 'olga', administrator: 'ann', technician: 'tim' };

/** Every panel the page can show, and the roles that see each (the permission table, read from the role's side). */
const PANELS: Record<string, StaffRole[]> = {
  system: ['administrator', 'technician'],
  tables: ['operator', 'administrator', 'technician'],
  players: ['operator', 'administrator'],
  terminals: ['operator', 'administrator', 'technician'],
  alerts: ['operator', 'administrator', 'technician'],
  jackpots: ['operator', 'administrator', 'technician'],
  availability: ['administrator', 'technician'],
  config: ['operator', 'administrator', 'technician'],
  events: ['operator', 'administrator', 'technician'],
  audit: ['administrator'],
};
const CHARTS: Record<string, StaffRole[]> = {
  connections: ['administrator', 'technician'], messages: ['administrator', 'technician'], latency: ['administrator', 'technician'], memory: ['administrator', 'technician'],
  bets: ['operator', 'administrator', 'technician'], players: ['operator', 'administrator'],
};

/** RFC 4180 lines into fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

describe('the hall dashboard, driven by headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const players: Socket[] = [];
  const tid = (id: string) => page.getByTestId(id);

  const staffToken = async (role: StaffRole) => {
    const res = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: STAFF[role], password: PW }) });
    return ((await res.json()) as { token: string }).token;
  };
  const signIn = async (role: StaffRole) => {
    await page.goto(`${server.url}/admin`);
    await tid('staff-name').fill(STAFF[role]);
    await tid('staff-password').fill(PW);
    await tid('sign-in').click();
    await tid('panel-events').waitFor();
    assert.equal(await tid('me-role').textContent(), role);
  };
  const signOut = async () => {
    await tid('sign-out').click();
    await tid('signin').waitFor();
  };
  /** The panels and charts on the page now, by name. */
  const shown = async (prefix: string) => (await page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['testid']!)))
    .filter((id) => /^[a-z]+-[a-z]+$/.test(id)).map((id) => id.split('-')[1]!).sort();
  const seesExactly = async (role: StaffRole) => {
    assert.deepEqual(await shown('panel-'), Object.keys(PANELS).filter((p) => PANELS[p]!.includes(role)).sort(), `${role}: panels`);
    assert.deepEqual(await shown('chart-'), Object.keys(CHARTS).filter((c) => CHARTS[c]!.includes(role)).sort(), `${role}: charts`);
  };
  const downloaded = async (click: () => Promise<void>) => {
    const [d] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: d.suggestedFilename(), text: await readFile((await d.path())!, 'utf8') };
  };

  before(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ PITBOSS_BETTING_MS: '1500' }),
      chromiumPath().then((executablePath) => chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      })),
    ]);
    // As `pitboss staff add` does: an account in the ledger with a scrypt hash, audited as cli:<user>.
    const hash = await hashPassword(PW);
    for (const [role, name] of Object.entries(STAFF) as Array<[StaffRole, string]>) await server.services.ledger!.staff.add({ name, role, passwordHash: hash }, 'cli:test');
    await mkdir(SHOTS, { recursive: true });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  });
  afterEach(async (t) => {
    if ((t as { passed?: boolean }).passed === false && page) await page.screenshot({ path: `${SHOTS}failed-admin-${t.name.replace(/\W+/g, '-').slice(0, 50)}.png`, fullPage: true }).catch(() => {});
  });
  after(async () => {
    for (const s of players) s.disconnect();
    await browser?.close();
    await server?.stop();
  });

  it('is served at /admin with the page’s CSP', async () => {
    const res = await fetch(`${server.url}/admin/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const redirect = await fetch(`${server.url}/admin`, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/admin/');
  });

  it('shows an operator the floor — tables with drain buttons, players, terminals, alerts, jackpots — and updates live', async () => {
    await signIn('operator');
    await seesExactly('operator');
    assert.equal(await tid('drain-baccarat-1').count(), 1, 'an operator may drain');
    assert.equal(await tid('audit-export-csv').count(), 0);
    // A player joins a table: the page changes without a reload.
    assert.equal(await tid('players-count').textContent(), '0');
    const guest = await newGuest(server.url, 'pia');
    const s = clientSocket(server.port, { params: { token: guest.token } });
    s.connect();
    players.push(s);
    assert.equal((await joinAsync(s.channel('table:roulette-1', {}))).status, 'ok');
    await tid(`player-${guest.player_id}`).waitFor();
    assert.equal(await tid('players-count').textContent(), '1');
    assert.match(await tid(`player-${guest.player_id}`).textContent() ?? '', /roulette-1/);
    await page.waitForFunction(() => /\b1\b/.test(document.querySelector('[data-testid="chart-players-now"]')?.textContent ?? ''));
    await page.screenshot({ path: `${SHOTS}admin-operator.png`, fullPage: true });
    // Drain: the first click arms the button, the second drains; an idle table closes at once.
    await tid('drain-baccarat-1').click();
    assert.equal(await tid('drain-baccarat-1').textContent(), 'Confirm drain');
    await tid('drain-baccarat-1').click();
    await tid('flash').filter({ hasText: 'baccarat-1' }).waitFor();
    await tid('table-row-baccarat-1').waitFor({ state: 'detached' });
    assert.equal(server.services.tables!.census().by_game['baccarat'] ?? 0, 0);
    await signOut();
  });

  it('shows a technician the machine and no drain button; the API refuses the drain too', async () => {
    // A cabinet registered and never connected runs no known configuration: shown behind.
    await server.services.terminals.directory!.add('cab-9', { currency: 'PLAY' });
    await signIn('technician');
    await seesExactly('technician');
    await tid('config-cab-9').filter({ hasText: 'never' }).waitFor();
    assert.equal(await tid('config-lagging').textContent(), '1 terminal behind it:');
    assert.equal(await page.locator('[data-testid^="drain-"]').count(), 0);
    assert.ok(await tid('table-row-slots-1').count() === 1, 'tables are shown read-only');
    assert.ok(Number(await tid('conn-dashboard_view').textContent()) >= 1, 'this dashboard is counted');
    const res = await fetch(`${server.url}/api/admin/tables/slots-1/drain`, { method: 'POST', headers: { authorization: `Bearer ${await staffToken('technician')}` } });
    assert.equal(res.status, 403);
    // Availability per component and day, downloaded as CSV.
    await tid('avail-rows').locator('tr').first().waitFor();
    const csv = await downloaded(() => tid('avail-csv').click());
    assert.match(csv.name, /^pitboss-availability-.*\.csv$/);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], ['day', 'component', 'up_seconds', 'observed_seconds', 'availability_percent']);
    const today = new Date().toISOString().slice(0, 10);
    for (const c of ['database', `server:${server.services.config.nodeId}`]) assert.ok(rows.some((r) => r[0] === today && r[1] === c), `${c} today`);
    await page.screenshot({ path: `${SHOTS}admin-technician.png`, fullPage: true });
    await signOut();
  });

  it('shows an administrator everything; the audit log filters, and its CSV export holds the log’s rows', async () => {
    await signIn('administrator');
    await seesExactly('administrator');
    await tid('audit-rows').locator('tr').first().waitFor();
    // Filter: the operator's drain, and nothing else.
    await tid('audit-action').fill('table_drain');
    await tid('audit-search').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-rows"] tr').length === 1);
    assert.match(await tid('audit-rows').textContent() ?? '', /staff:olga.*table_drain.*table:baccarat-1/);
    const filtered = parseCsv((await downloaded(() => tid('audit-export-csv').click())).text);
    assert.equal(filtered.length, 2, 'a header and the one drain');
    assert.deepEqual(filtered[1]!.slice(2, 5), ['staff:olga', 'table_drain', 'table:baccarat-1']);
    // Unfiltered: every row of the log, as the API lists it (the export is itself audited first).
    await tid('audit-action').fill('');
    const all = await downloaded(() => tid('audit-export-csv').click());
    assert.equal(all.name, 'pitboss-audit.csv');
    const [head, ...rows] = parseCsv(all.text);
    const api = await fetch(`${server.url}/api/admin/audit?limit=500`, { headers: { authorization: `Bearer ${await staffToken('administrator')}` } });
    const log = ((await api.json()) as { rows: Array<Record<string, unknown>> }).rows.filter((r) => (r['seq'] as number) <= rows.length).reverse();
    assert.equal(rows.length, log.length);
    const col = (name: string) => head!.indexOf(name);
    rows.forEach((r, i) => {
      for (const c of ['seq', 'at', 'actor', 'action', 'subject', 'hash']) assert.equal(r[col(c)], String(log[i]![c]), `row ${i} ${c}`);
    });
    assert.equal(rows.at(-1)![col('action')], 'audit_export');
    const jsonl = await downloaded(() => tid('audit-export-jsonl').click());
    const lines = jsonl.text.trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    assert.deepEqual(lines.slice(0, rows.length).map((l) => l.seq), rows.map((r) => Number(r[col('seq')])));
    // A time range: rows from a minute ago on include the sign-in just made; an hour in the future none.
    await tid('audit-since').fill(new Date(Date.now() + 3_600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 19));
    await tid('audit-search').click();
    await tid('audit-status').filter({ hasText: 'No row matches.' }).waitFor();
    await page.screenshot({ path: `${SHOTS}admin-administrator.png`, fullPage: true });
  });

  it('signs out: back to the sign-in form, and a reload stays signed out', async () => {
    await signOut();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('pitboss.staff')), null);
    assert.equal(await tid('panels').locator('section').count(), 0);
    await page.reload();
    await tid('signin').waitFor();
    assert.equal(await tid('dashboard').isVisible(), false);
  });

  it('logged no script error, CSP violation or failed request', () => {
    assert.deepEqual(problems, []);
  });
});
