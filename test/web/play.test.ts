// The web page in Debian's headless Chromium against a real server in this process: a
// guest signs in, sees the lobby's presence and its table list change as it is pushed,
// spins a slot machine, is told plainly when a bet is refused, plays roulette, baccarat,
// a blackjack round (with the turn's countdown and the last hand kept on screen) and a
// hand of hold'em against a second player, chats — and every time the balance on the
// page, the server's balance and the "Last rounds" panel agree.
// Screenshots go to .tmp/web/ (gitignored).
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './browser.ts';
import type { Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';

const SHOTS = fileURLToPath(new URL('../../.tmp/web/', import.meta.url));
const START = 5000;

describe('the web page, driven by headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  const problems: string[] = [];
  const sockets: string[] = [];
  /** Every event the page pushed, as `topic event` (Phoenix v2 frames: [join_ref, ref, topic, event, payload]). */
  const sent: string[] = [];

  const tid = (id: string) => page.getByTestId(id);
  const pageBalance = async () => Number(await tid('balance').getAttribute('data-value'));
  const serverBalance = async () => {
    const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { balance: number }).balance;
  };
  /** The page's balance settles on the server's; returns it. */
  const balanceAgrees = async (expected: number) => {
    await page.waitForFunction((v) => document.querySelector('[data-testid="balance"]')?.getAttribute('data-value') === String(v), expected, { timeout: 5000 });
    assert.equal(await serverBalance(), expected);
    assert.equal(await tid('balance').textContent(), expected.toLocaleString('en-US'));
    return expected;
  };
  const settledCount = () => page.locator('[data-testid="events"] li[data-type="settled"]').count();
  const openGame = async (game: string, title: RegExp) => {
    if (await tid('table').isVisible()) await tid('back-to-lobby').click();
    await tid(`play-${game}`).click();
    await page.waitForFunction((t) => new RegExp(t).test(document.querySelector('[data-testid="table-title"]')?.textContent ?? ''), title.source);
    await tid('controls').locator('button').first().waitFor();
  };

  before(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ PITBOSS_GUEST_BALANCE: String(START), PITBOSS_BETTING_MS: '800' }),
      chromiumPath().then((executablePath) => chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      })),
    ]);
    await mkdir(SHOTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('websocket', (ws) => {
      sockets.push(ws.url());
      ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as unknown[];
        sent.push(`${frame[2]} ${frame[3]}`);
      });
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  });
  afterEach(async (t) => {
    // A failing step leaves a picture of the page behind.
    // (Node 24 sets `passed` on the hook's context; @types/node does not declare it yet.)
    if ((t as { passed?: boolean }).passed === false && page) await page.screenshot({ path: `${SHOTS}failed-${t.name.replace(/\W+/g, '-').slice(0, 60)}.png` }).catch(() => {});
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the page with a CSP, the official phoenix client, and JSON 404s elsewhere', async () => {
    const html = await fetch(server.url);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await html.text(), /<script type="module" src="\/app.js">/);
    // The page's modules, a folder of them included, are static files like the rest.
    const modules = [...(await (await fetch(`${server.url}/app.js`)).text()).matchAll(/from '\.\/([\w/]+\.js)'/g)].map((m) => `/${m[1]}`);
    assert.ok(modules.includes('/table.js'), modules.join());
    for (const [path, type] of [['/app.js', /javascript/], ['/games/blackjack.js', /javascript/], ...modules.map((m) => [m, /javascript/] as const),
      ['/style.css', /text\/css/], ['/vendor/phoenix.mjs', /javascript/]] as const) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', type, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
    assert.match(await (await fetch(`${server.url}/vendor/phoenix.mjs`)).text(), /export \{[^}]*Presence[^}]*Socket/s);
    for (const path of ['/nope', '/vendor/phoenix.cjs.js', '/../package.json']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { reason: string }).reason, 'not_found', path);
    }
  });

  it('signs in as a guest and shows the name, the balance and itself online in the lobby', async () => {
    const res = await page.goto(server.url);
    assert.equal(res?.status(), 200);
    await tid('guest-name').fill('alice');
    await page.screenshot({ path: `${SHOTS}signin.png` });
    await tid('sign-in').click();
    await tid('presence').locator('li', { hasText: 'alice' }).waitFor();
    assert.match((await tid('presence').textContent()) ?? '', /alice \(you\)/);
    assert.equal(await tid('me-name').textContent(), 'alice');
    token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('pitboss.session')!).token);
    await balanceAgrees(START);
    await tid('connection').filter({ hasText: 'online' }).waitFor();
    // The lobby lists the default tables, one per game the server hosts.
    await page.locator('[data-testid="tables"] tr[data-table-id="slots-1"]').waitFor();
    for (const g of ['slots', 'roulette', 'blackjack', 'baccarat', 'holdem']) assert.equal(await tid(`play-${g}`).isEnabled(), true, g);
    await page.screenshot({ path: `${SHOTS}lobby.png` });
  });

  it('shows another player arrive in the lobby and leave it', async () => {
    const bob = await newGuest(server.url, 'bob');
    const socket: Socket = clientSocket(server.port, { params: { token: bob.token } });
    socket.connect();
    assert.equal((await joinAsync(socket.channel('lobby', {}))).status, 'ok');
    const bobRow = tid('presence').locator(`li[data-player-id="${bob.player_id}"]`);
    await bobRow.waitFor();
    assert.equal(await bobRow.textContent(), 'bob');
    socket.disconnect();
    await bobRow.waitFor({ state: 'detached' });
  });

  it('shows a table another player opens, and its seats, without reloading or polling', async () => {
    const bob = await newGuest(server.url, 'bob');
    const socket: Socket = clientSocket(server.port, { params: { token: bob.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    const id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id as string;
    const row = page.locator(`[data-testid="tables"] tr[data-table-id="${id}"]`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Blackjack.*0 \/ 1/);
    const table = socket.channel(`table:${id}`, {});
    assert.equal((await joinAsync(table)).status, 'ok');
    assert.equal((await pushAsync(table, 'sit', {})).status, 'ok');
    await page.locator(`[data-testid="tables"] tr[data-table-id="${id}"][data-players="1"]`).waitFor();
    assert.match((await row.textContent()) ?? '', /1 \/ 1/);
    socket.disconnect();
    assert.deepEqual(sent.filter((s) => s === 'lobby tables'), [], 'the page never asked for the list again');
  });

  let balance = START;

  it('opens a slots table, spins, and shows the window, the win, the balance and the round in "Last rounds"', async () => {
    await openGame('slots', /Slots/);
    assert.equal(await tid('slot-window').locator('.reel-cell').count(), 15);
    await tid('bet-amount').fill('100');
    await tid('spin').click();
    const result = tid('slot-result');
    await page.locator('[data-testid="slot-result"][data-win]').waitFor();
    const win = Number(await result.getAttribute('data-win'));
    assert.ok(Number.isSafeInteger(win) && win >= 0);
    assert.match((await result.textContent()) ?? '', win > 0 ? new RegExp(`You win ${win.toLocaleString('en-US')}`) : /No win/);
    // Every cell of the 5×3 window shows a symbol now.
    assert.equal(await tid('slot-window').locator('.reel-cell.blank').count(), 0);
    balance = await balanceAgrees(START - 100 + win);
    const row = tid('rounds').locator('tr[data-game="slots"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-stake'), '100');
    assert.equal(await row.getAttribute('data-payout'), String(win));
    await page.locator('[data-testid="events"] li[data-type="settled"]').first().waitFor();
    await page.screenshot({ path: `${SHOTS}slots.png` });
  });

  it('spins again: the window and the win follow the spin’s settled event (no state follows a spin)', async () => {
    const result = tid('slot-result');
    const first = await result.getAttribute('data-round');
    assert.ok(first, 'the first spin’s settled event is shown');
    const settledLines = page.locator('[data-testid="events"] li[data-type="settled"]');
    const lines = await settledLines.count();
    await tid('spin').click();
    await page.locator(`[data-testid="slot-result"][data-round]:not([data-round="${first}"]):not([data-round=""])`).waitFor();
    const win = Number(await result.getAttribute('data-win'));
    assert.match((await result.textContent()) ?? '', win > 0 ? new RegExp(`You win ${win.toLocaleString('en-US')}`) : /No win/);
    assert.equal(await settledLines.count(), lines + 1, 'one line in the log per spin');
    balance = await balanceAgrees(balance - 100 + win);
  });

  it('shows a refused bet plainly and moves no money', async () => {
    await tid('bet-amount').fill('6000');
    await tid('spin').click();
    const err = tid('table-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-reason'), 'insufficient_funds');
    assert.equal(await err.textContent(), 'Your balance is too low for that amount.');
    assert.equal(await serverBalance(), balance);
    assert.equal(await pageBalance(), balance);
  });

  it('plays roulette: a bet on red, then the spin', async () => {
    await openGame('roulette', /Roulette/);
    await tid('bet-type').selectOption('red');
    await tid('bet-amount').fill('100');
    await tid('place-bet').click();
    await tid('bets').filter({ hasText: '100 on red' }).waitFor();
    await balanceAgrees(balance - 100);
    await tid('spin').click();
    const number = Number(await tid('roulette-number').textContent());
    assert.ok(number >= 0 && number <= 36);
    const red = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
    const back = red.has(number) ? 200 : 0;
    assert.equal(await tid('last-payout').textContent(), back ? 'You got back 200' : 'Your bets lost');
    balance = await balanceAgrees(balance - 100 + back);
    await tid('rounds').locator('tr[data-game="roulette"]').waitFor();
    await page.screenshot({ path: `${SHOTS}roulette.png` });
  });

  it('plays baccarat at a shared table: sits, bets on banker, and sees the coup', async () => {
    await openGame('baccarat', /Baccarat/);
    await tid('sit').click();
    await page.locator('.seat.mine').waitFor();
    await tid('bet-amount').fill('100');
    await tid('bet-banker').click();
    await tid('bets').filter({ hasText: '100 on banker' }).waitFor();
    await tid('coup').waitFor(); // the betting window (800 ms here) closes and the coup is dealt
    await page.locator('[data-testid="events"] li[data-type="settled"]').first().waitFor();
    const banker = await tid('banker-cards').getAttribute('data-cards');
    assert.match(banker ?? '', /^(10|[2-9AJQK])[♣♦♥♠]( (10|[2-9AJQK])[♣♦♥♠]){1,2}$/);
    const headline = (await tid('coup').locator('.headline').textContent()) ?? '';
    const back = headline === 'Banker wins' ? 195 : headline === 'Tie' ? 100 : 0;
    balance = await balanceAgrees(balance - 100 + back);
    await tid('rounds').locator('tr[data-game="baccarat"]').waitFor();
    await page.screenshot({ path: `${SHOTS}baccarat.png` });
    await tid('leave-seat').click();
    await tid('sit').waitFor();
  });

  it('plays blackjack: sits, bets, sees the turn counted down from the server\'s deadline, plays until it settles, and keeps the last hand', async () => {
    // dave watches the table, to know the deadlines the server sends.
    const dave = await newGuest(server.url, 'dave');
    const socket: Socket = clientSocket(server.port, { params: { token: dave.token } });
    socket.connect();
    const watch = socket.channel('table:blackjack-1', {});
    let seen: { deadlines: Record<string, number> } | null = null;
    watch.on('state', (st) => {
      seen = st;
    });
    seen = (await joinAsync(watch)).response.state;

    await openGame('blackjack', /Blackjack/);
    await tid('sit').click();
    await page.locator('.seat.mine').waitFor();
    const countdown = tid('countdown');
    let counted = false;
    // A natural settles a round with no decision to make: then the next round is dealt.
    for (let round = 0; round < 10 && !counted; round++) {
      const settledBefore = await settledCount();
      await tid('bet-amount').fill('100');
      await tid('bet').click();
      for (let i = 0; i < 20 && (await settledCount()) === settledBefore; i++) {
        // Whichever comes first: my turn, the insurance question, or the settlement.
        await page.waitForFunction((n) => {
          const q = (s: string) => document.querySelector(s) as HTMLButtonElement | null;
          return document.querySelectorAll('[data-testid="events"] li[data-type="settled"]').length > n
            || q('[data-testid="stand"]')?.disabled === false || q('[data-testid="no-insurance"]')?.disabled === false;
        }, settledBefore);
        if ((await settledCount()) > settledBefore) break;
        const insurance = await tid('no-insurance').isEnabled();
        if (!counted) {
          // The clock on the page is the server's: the deadline dave was sent, counting down.
          const timer = insurance ? 'insurance' : 'turn';
          await page.locator(`[data-testid="countdown"][data-timer="${timer}"]`).waitFor();
          const deadline = Number(await countdown.getAttribute('data-deadline'));
          await waitFor('dave sees the same deadline', () => seen?.deadlines[timer] === deadline);
          assert.match((await countdown.textContent()) ?? '', insurance ? /^Insurance: \d+ s to decide$/ : /^Your turn: \d+ s left$/);
          const left = Number(await countdown.getAttribute('data-left'));
          assert.ok(left > 0 && left <= 20, `${left} s of the 20 s turn`);
          await page.waitForFunction((n) => Number(document.querySelector('[data-testid="countdown"]')?.getAttribute('data-left')) < n, left);
          assert.match((await countdown.textContent()) ?? '', new RegExp(`${Number(await countdown.getAttribute('data-left'))} s`));
          counted = true;
        }
        if (insurance) {
          await tid('no-insurance').click();
        } else {
          const hand = (await tid('my-hand-0').textContent()) ?? '';
          const total = Number(/= (\d+)/.exec(hand)?.[1]);
          await tid(total < 13 ? 'hit' : 'stand').click();
        }
        await page.waitForTimeout(50);
      }
      // The table is back to betting; the page keeps the round that just ended.
      const last = tid('last-hand');
      await last.waitFor();
      const mine = last.getByTestId('bj-results').locator('li.headline');
      const staked = Number(await mine.getAttribute('data-staked'));
      const won = Number(await mine.getAttribute('data-won'));
      assert.equal(staked, 100);
      assert.match((await mine.textContent()) ?? '', new RegExp(`You staked 100 and got back ${won.toLocaleString('en-US')}`));
      assert.match((await last.getByTestId('dealer-cards').getAttribute('data-cards')) ?? '', /^(10|[2-9AJQK])[♣♦♥♠]( (10|[2-9AJQK])[♣♦♥♠])+$/);
      assert.match((await last.getByTestId('my-hand-0').locator('.cards').getAttribute('data-cards')) ?? '', /^(10|[2-9AJQK])[♣♦♥♠]( (10|[2-9AJQK])[♣♦♥♠])+$/);
      assert.match((await tid('phase').textContent()) ?? '', /Place your bet/);
      balance = await balanceAgrees(balance - staked + won);
      const row = tid('rounds').locator('tr[data-game="blackjack"]').first();
      await row.waitFor();
      assert.equal(await row.getAttribute('data-payout'), String(won));
    }
    assert.ok(counted, 'a round asked for a decision');
    // Between rounds no clock runs.
    await countdown.waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${SHOTS}blackjack.png` });
    socket.disconnect();
  });

  it("plays a hand of hold'em against another player: buys in, acts, sees the hand end, cashes out", async () => {
    // bob, a Node client, sits first and folds whenever it is his turn.
    const bob = await newGuest(server.url, 'bob');
    const socket: Socket = clientSocket(server.port, { params: { token: bob.token } });
    socket.connect();
    const ch = socket.channel('table:holdem-1', {});
    let bobSettled = 0;
    ch.on('state', (st) => {
      if (st.game?.hand?.legal) ch.push('act', { action: 'fold', key: crypto.randomUUID() });
    });
    ch.on('event', (e) => {
      if (e.type === 'settled') bobSettled++;
    });
    assert.equal((await joinAsync(ch)).status, 'ok');
    await new Promise<void>((resolve, reject) => {
      ch.push('sit', { buy_in: 2000 }).receive('ok', () => resolve()).receive('error', (e) => reject(new Error(JSON.stringify(e))));
    });

    await openGame('holdem', /Hold'em/);
    const before = await pageBalance();
    await tid('buy-in').fill('2000');
    await tid('sit').click();
    await tid('my-chips').filter({ hasText: '2,000' }).waitFor();
    balance = await balanceAgrees(before - 2000);
    // The hand starts by itself; on alice's turn she checks or calls, bob folds on his.
    for (let i = 0; i < 20 && bobSettled === 0; i++) {
      await page.waitForFunction(() => {
        const b = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | null;
        return b('check')?.disabled === false || b('call')?.disabled === false || document.querySelector('[data-testid="last-hand"]') !== null;
      });
      if (await tid('last-hand').count()) break;
      await tid((await tid('check').isEnabled()) ? 'check' : 'call').click();
      await page.waitForTimeout(50);
    }
    await tid('last-hand').waitFor();
    ch.push('leave_seat', {}); // bob goes, so no next hand starts
    const mine = tid('last-hand').locator('li.headline');
    const text = (await mine.textContent()) ?? '';
    const [, put, took] = /You put in ([\d,]+) and took ([\d,]+)/.exec(text)!.map((x) => Number(x.replaceAll(',', '')));
    assert.ok(took > put, `bob folded, so alice wins the pot: ${text}`);
    const chips = 2000 - put + took;
    await tid('my-chips').filter({ hasText: chips.toLocaleString('en-US') }).waitFor();
    await tid('rounds').locator('tr[data-game="holdem"]').waitFor();
    await page.screenshot({ path: `${SHOTS}holdem.png` });
    await tid('leave-seat').click();
    await tid('sit').waitFor();
    balance = await balanceAgrees(balance + chips);
    socket.disconnect();
  });

  it('chats at the table: the line shows for the writer and for another player at the table', async () => {
    const carol = await newGuest(server.url, 'carol');
    const socket: Socket = clientSocket(server.port, { params: { token: carol.token } });
    socket.connect();
    const heard: Array<{ name: string; text: string }> = [];
    const here = decodeURIComponent(new URL(page.url()).hash.slice('#table='.length));
    const ch = socket.channel(`table:${here}`, {});
    ch.on('chat', (c) => {
      heard.push(c);
    });
    assert.equal((await joinAsync(ch)).status, 'ok');
    await tid('chat-text').fill('good luck, everyone <b>!</b>');
    await tid('chat-send').click();
    const line = tid('chat').locator('li').last();
    await line.filter({ hasText: 'good luck' }).waitFor();
    assert.match((await line.textContent()) ?? '', /You: good luck, everyone/);
    assert.equal(await tid('chat').locator('b').count(), 0, 'chat text is never HTML');
    assert.equal(await tid('chat-text').inputValue(), '');
    for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(heard[0]?.name, 'alice');
    ch.push('chat', { text: 'thanks alice' });
    await tid('chat').locator('li', { hasText: 'carol: thanks alice' }).waitFor();
    socket.disconnect();
  });

  it('keeps the session over a reload, returns to the same table, and Back goes to the lobby', async () => {
    const url = page.url();
    assert.match(url, /#table=/);
    const title = await tid('table-title').textContent();
    await page.reload();
    await tid('table-title').filter({ hasText: title! }).waitFor();
    assert.equal(await tid('me-name').textContent(), 'alice');
    await balanceAgrees(balance);
    // slots, roulette, baccarat, blackjack (more than one round when a natural came first), hold'em
    for (const game of ['slots', 'roulette', 'baccarat', 'blackjack', 'holdem']) await tid('rounds').locator(`tr[data-game="${game}"]`).first().waitFor();
    // The browser's Back button leaves the table for the lobby.
    await page.goBack();
    await tid('lobby').waitFor();
    assert.equal(await tid('table').isHidden(), true);
  });

  it('signs out: back to the sign-in form, the session forgotten', async () => {
    await tid('sign-out').click();
    await tid('signin').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('pitboss.session')), null);
    assert.equal(await tid('rounds').locator('tr').count(), 0);
    await page.reload();
    await tid('signin').waitFor();
    assert.equal(await tid('lobby').isVisible(), false);
  });

  it('loaded without script errors, CSP violations or failed requests, and kept the token out of socket URLs', () => {
    assert.deepEqual(problems, []);
    assert.ok(sockets.length >= 2, 'a socket before and after the reload');
    for (const url of sockets) {
      assert.match(url, /\/socket\/websocket\?vsn=2\.0\.0/);
      assert.doesNotMatch(url, /token/, 'the token goes in the authToken subprotocol');
    }
  });
});
