// Alert delivery against local receivers: an HTTP server standing in for a generic
// webhook, a Slack-compatible webhook and the Telegram Bot API, and an SMTP sink
// (smtp-server). An alert reaches each exactly once however many checks repeat it; its
// resolution once more; a receiver that fails twice still gets it exactly once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AlertManager, channelsFrom, type AlertSources } from '../../src/ops/alerts/index.ts';
import { loadConfig } from '../../src/config.ts';

interface Received { path: string; headers: IncomingMessage['headers']; body: any; raw: string }

async function httpReceiver(): Promise<{ url: string; got: Received[]; failNext: (path: string, n: number) => void; close(): Promise<void> }> {
  const got: Received[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const left = failures.get(req.url!) ?? 0;
      if (left > 0) {
        failures.set(req.url!, left - 1);
        res.writeHead(503).end('try later');
        return;
      }
      got.push({ path: req.url!, headers: req.headers, body: JSON.parse(raw), raw });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, got,
    failNext: (path, n) => failures.set(path, n),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function smtpSink(): Promise<{ url: string; mails: Array<{ to: string[]; data: string }>; close(): Promise<void> }> {
  const mails: Array<{ to: string[]; data: string }> = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      let data = '';
      stream.on('data', (c: Buffer) => { data += c.toString(); });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

describe('alert delivery', () => {
  let http: Awaited<ReturnType<typeof httpReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  before(async () => {
    http = await httpReceiver();
    smtp = await smtpSink();
  });
  after(async () => {
    await http.close();
    await smtp.close();
  });

  it('a terminal gone silent reaches webhook, Slack, Telegram and email exactly once; its return resolves once', async () => {
    http.got.length = 0;
    smtp.mails.length = 0;
    // Channels as an operator configures them, through the configuration.
    const config = loadConfig({
      PITBOSS_ALERT_WEBHOOK_URL: `${http.url}/hook`, PITBOSS_ALERT_WEBHOOK_SECRET: 'a-shared-secret-of-16+',
      PITBOSS_ALERT_SLACK_URL: `${http.url}/slack`,
      PITBOSS_ALERT_TELEGRAM_API: `${http.url}/tg`, PITBOSS_ALERT_TELEGRAM_TOKEN: '123456:ABC-def', PITBOSS_ALERT_TELEGRAM_CHAT: '-100200',
      PITBOSS_ALERT_SMTP_URL: smtp.url, PITBOSS_ALERT_EMAIL_TO: 'floor@hall.example, tech@hall.example', PITBOSS_ALERT_EMAIL_FROM: 'pitboss@hall.example',
    });
    let offline: Array<{ id: string; lastSeen: number | null }> = [];
    let now = 1_700_000_000_000;
    const sources: AlertSources = { offlineTerminals: () => offline };
    const channels = channelsFrom(config.alerts);
    const m = new AlertManager({ node: 'node-a', sources, channels, holdMs: 0, now: () => now, retryMs: 10 });
    try {
      await m.check();
      assert.equal(http.got.length + smtp.mails.length, 0, 'nothing wrong, nothing sent');
      offline = [{ id: 'cab-7', lastSeen: now - 90_000 }];
      for (let i = 0; i < 5; i++) {
        now += 1000;
        await m.check();
      }
      const byPath = (p: string) => http.got.filter((g) => g.path === p);
      assert.equal(byPath('/hook').length, 1);
      assert.equal(byPath('/slack').length, 1);
      assert.equal(byPath('/tg/bot123456:ABC-def/sendMessage').length, 1);
      assert.equal(smtp.mails.length, 1);
      const hook = byPath('/hook')[0]!;
      assert.equal(hook.body.kind, 'fired');
      assert.equal(hook.body.alert.key, 'terminal_offline:cab-7');
      assert.equal(hook.body.node, 'node-a');
      assert.equal(hook.headers['x-pitboss-signature'], `sha256=${createHmac('sha256', 'a-shared-secret-of-16+').update(hook.raw).digest('hex')}`);
      assert.match(byPath('/slack')[0]!.body.text, /WARNING terminal_offline: terminal cab-7 is offline/);
      assert.equal(byPath('/tg/bot123456:ABC-def/sendMessage')[0]!.body.chat_id, '-100200');
      assert.deepEqual(smtp.mails[0]!.to, ['floor@hall.example', 'tech@hall.example']);
      assert.match(smtp.mails[0]!.data, /Subject: \[pitboss node-a\] WARNING terminal_offline/);
      assert.match(smtp.mails[0]!.data, new RegExp(`X-Pitboss-Alert-Id: ${hook.body.id}`, "i"));

      offline = [];
      now += 1000;
      await m.check();
      await m.check();
      assert.deepEqual(byPath('/hook').map((g) => g.body.kind), ['fired', 'resolved']);
      assert.equal(byPath('/slack').length, 2);
      assert.equal(smtp.mails.length, 2);
      assert.deepEqual(m.active(), []);
      assert.deepEqual(m.history().map((t) => t.kind), ['fired', 'resolved']);
      assert.ok(m.deliveries().every((d) => d.ok && d.attempts === 1));
    } finally {
      await m.stop();
      for (const c of channels) c.close?.();
    }
  });

  it('a receiver that fails twice gets the alert exactly once, on the third attempt; one that never answers is logged as failed', async () => {
    http.got.length = 0;
    let crashes = 0;
    let now = 0;
    const errors: string[] = [];
    const m = new AlertManager({
      node: 'n', holdMs: 0, now: () => now, retryMs: 5, attempts: 3, thresholds: { maxCrashes: 2 },
      sources: { tableCrashes: () => crashes },
      channels: channelsFrom({ webhook: { url: `${http.url}/flaky` }, slack: { url: 'http://127.0.0.1:9/nothing-listens' } }),
      onError: (_e, where) => errors.push(where),
    });
    await m.check(); // the first sample sets the baseline
    http.failNext('/flaky', 2);
    crashes = 2;
    now += 1000;
    await m.check();
    assert.equal(http.got.filter((g) => g.path === '/flaky').length, 1);
    assert.equal(http.got[0]!.body.alert.rule, 'crash_rate_high');
    const d = m.deliveries();
    assert.deepEqual(d.map((x) => [x.channel, x.ok, x.attempts]).sort(), [['slack', false, 3], ['webhook', true, 3]]);
    assert.deepEqual(errors, ['alert delivery to slack']);
    // Crashes age out of the window: resolved.
    now += 6 * 60_000;
    await m.check();
    assert.deepEqual(m.active(), []);
  });

  it('a source that throws loses its part of the sample, not the loop', async () => {
    const errors: string[] = [];
    const m = new AlertManager({
      node: 'n', holdMs: 0, channels: [], thresholds: { memoryBytes: 10 },
      sources: { rss: () => 11, offlineTerminals: () => { throw new Error('tracker gone'); } },
      onError: (_e, where) => errors.push(where),
    });
    await m.check();
    assert.deepEqual(m.active().map((a) => a.key), ['memory_high']);
    assert.deepEqual(errors, ['alert source offlineTerminals']);
  });
});

describe('the ledger check as an alert source', () => {
  it('runs every ledgerCheckMs (the first one interval after the start), and a failing check fires', async () => {
    let now = 0;
    let calls = 0;
    let ok = true;
    const m = new AlertManager({
      node: 'n', holdMs: 0, channels: [], now: () => now, ledgerCheckMs: 1000,
      sources: { ledgerCheck: async () => { calls++; return { ok, sum: ok ? 0 : 5, mismatches: 0 }; } },
    });
    await m.check();
    assert.equal(calls, 0, 'not at the start');
    now = 999;
    await m.check();
    assert.equal(calls, 0);
    ok = false;
    now = 1000;
    await m.check();
    assert.equal(calls, 1);
    assert.deepEqual(m.active().map((a) => a.key), ['ledger_check_failing']);
    now = 1500;
    await m.check();
    assert.equal(calls, 1, 'the last result stands between checks');
    assert.deepEqual(m.active().map((a) => a.key), ['ledger_check_failing']);
  });
});
