// Alerts: the book fires and resolves each alert once however many checks see it; the
// rules; the webhook against a local HTTP receiver (retries, giving up); and the whole
// path on a real server — a terminal that stops sending heartbeats, and memory over its
// threshold, each reach the receiver exactly once, and resolve once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { start, stop } from '../../src/runtime/index.ts';
import {
  AlertBook, AlertServer, LastSeen, WebhookNotifier, memoryHigh, slackBody, telegramBody, terminalOffline, type AlertEvent, type Condition,
} from '../../src/ops/alerts/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { RunningServer } from '../../src/main.ts';
import { hashPassword } from '../../src/casino/index.ts';
import { startTestServer, waitFor } from '../integration/helpers.ts';

/** A local webhook receiver: keeps every JSON body; answers with the statuses it is given, then 204. */
class Receiver {
  /** bodies POSTed to /hook */
  readonly bodies: any[] = [];
  /** bodies POSTed to any other path, by path */
  readonly elsewhere: Record<string, any[]> = {};
  readonly statuses: number[] = [];
  #server!: Server;
  url = '';
  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        assert.equal(req.headers['content-type'], 'application/json');
        const status = this.statuses.shift() ?? 204;
        if (status < 300) (req.url === '/hook' ? this.bodies : (this.elsewhere[req.url!] ??= [])).push(JSON.parse(text));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((r) => this.#server.close(() => r()));
  }
}

const cond = (key: string): Condition => ({ key, rule: key.split(':')[0]!, severity: 'warning', message: key, details: {} });

describe('AlertBook', () => {
  it('fires a condition once while it holds, and resolves it once when it stops', () => {
    const b = new AlertBook();
    assert.deepEqual(b.update([cond('a'), cond('b')], 1000).map((e) => `${e.status} ${e.alert.key}`), ['firing a', 'firing b']);
    for (let t = 2000; t < 10_000; t += 1000) assert.deepEqual(b.update([cond('a'), cond('b'), cond('a')], t), []);
    const r = b.update([cond('b')], 10_000);
    assert.deepEqual(r.map((e) => [e.status, e.alert.key, e.alert.since, e.at]), [['resolved', 'a', new Date(1000).toISOString(), new Date(10_000).toISOString()]]);
    assert.deepEqual(b.active().map((a) => a.key), ['b']);
    assert.deepEqual(b.update([cond('a')], 11_000).map((e) => `${e.status} ${e.alert.key}`), ['firing a', 'resolved b'], 'a again is a new alert');
    assert.deepEqual(b.history().map((e) => `${e.status} ${e.alert.key}`), ['resolved b', 'firing a', 'resolved a', 'firing b', 'firing a']);
  });

  it('keeps a bounded history', () => {
    const b = new AlertBook({ historySize: 3 });
    for (let i = 0; i < 5; i++) b.update([cond(`k${i}`)], i);
    // Each check fires k<i> and resolves k<i-1>: the newest three transitions are kept.
    assert.deepEqual(b.history().map((e) => `${e.status} ${e.alert.key}`), ['resolved k3', 'firing k4', 'resolved k2']);
  });
});

describe('alert rules', () => {
  it('memory_high at or above the threshold', () => {
    const rule = memoryHigh({ rssBytes: 100 * 1048576 });
    assert.deepEqual(rule({ memory: { rss: 99 * 1048576, heap_used: 1 }, terminals: [] }, 0), []);
    const [c] = rule({ memory: { rss: 150 * 1048576, heap_used: 1 }, terminals: [] }, 0);
    assert.deepEqual([c!.key, c!.message], ['memory_high', 'memory high: 150 MB resident (threshold 100 MB)']);
  });

  it('terminal_offline for each terminal silent for the interval or longer', () => {
    const rule = terminalOffline({ afterMs: 60_000 });
    const now = 1_000_000;
    const got = rule({ memory: { rss: 0, heap_used: 0 }, terminals: [{ id: 't1', last_seen: now - 59_999 }, { id: 't2', last_seen: now - 60_000 }, { id: 't3', last_seen: now - 300_000 }] }, now);
    assert.deepEqual(got.map((c) => [c.key, c.severity]), [['terminal_offline:t2', 'critical'], ['terminal_offline:t3', 'critical']]);
    assert.match(got[1]!.message, /no heartbeat for 300 s/);
  });

  it('remembers terminals after they go silent, oldest forgotten past its bound', () => {
    const seen = new LastSeen({ max: 2 });
    seen.beat('a', 1);
    seen.beat('b', 2);
    seen.beat('a', 3);
    seen.beat('c', 4); // b is the longest silent
    assert.deepEqual(seen.list(), [{ id: 'a', last_seen: 3 }, { id: 'c', last_seen: 4 }]);
  });
});

describe('WebhookNotifier', () => {
  let rx: Receiver;
  before(async () => {
    rx = await new Receiver().start();
  });
  after(() => rx.close());
  const event = (key: string): AlertEvent => ({ status: 'firing', at: '2026-12-05T08:00:00.000Z', alert: { ...cond(key), since: '2026-12-05T08:00:00.000Z' } });

  it('POSTs one generic JSON body per transition, in order, retrying a failed POST', async () => {
    rx.bodies.length = 0;
    rx.statuses.push(500, 503); // the first delivery fails twice, then lands
    const n = new WebhookNotifier({ url: rx.url, node: 'node-a', backoffMs: 10 });
    n.send(event('one'));
    n.send(event('two'));
    await n.idle();
    assert.deepEqual(rx.bodies, [
      { source: 'pitboss', node: 'node-a', status: 'firing', at: '2026-12-05T08:00:00.000Z', alert: event('one').alert },
      { source: 'pitboss', node: 'node-a', status: 'firing', at: '2026-12-05T08:00:00.000Z', alert: event('two').alert },
    ]);
    assert.deepEqual([n.delivered, n.failed], [2, 0]);
  });

  it('speaks Slack-compatible {text} and Telegram sendMessage when asked', async () => {
    rx.bodies.length = 0;
    const slack = new WebhookNotifier({ url: rx.url, node: 'node-a', format: slackBody });
    const telegram = new WebhookNotifier({ url: rx.url, node: 'node-a', format: telegramBody('-1001234') });
    slack.send(event('terminal_offline:cab-7'));
    await slack.idle();
    telegram.send(event('memory_high'));
    await telegram.idle();
    const line = '[FIRING] warning terminal_offline:cab-7 — terminal_offline:cab-7 (node-a, since 2026-12-05T08:00:00.000Z)';
    assert.deepEqual(rx.bodies, [
      { text: line },
      { chat_id: '-1001234', text: '[FIRING] warning memory_high — memory_high (node-a, since 2026-12-05T08:00:00.000Z)', disable_web_page_preview: true },
    ]);
  });

  it('gives a delivery up after its attempts and tells why, then goes on with the next', async () => {
    rx.bodies.length = 0;
    rx.statuses.push(500, 500);
    const errors: string[] = [];
    const n = new WebhookNotifier({ url: rx.url, node: 'node-a', attempts: 2, backoffMs: 5, onError: (err, e) => errors.push(`${e.alert.key}: ${(err as Error).message}`) });
    n.send(event('lost'));
    n.send(event('kept'));
    await n.idle();
    assert.deepEqual(errors, ['lost: the webhook answered 500']);
    assert.deepEqual(rx.bodies.map((b) => b.alert.key), ['kept']);
  });
});

describe('alert settings', () => {
  it('wants a Telegram URL and chat id together, and http(s) URLs only', () => {
    const load = (env: Record<string, string>) => loadConfig({ DATABASE_URL: 'memory://', ...env });
    assert.throws(() => load({ PITBOSS_ALERT_TELEGRAM_URL: 'https://api.telegram.org/botX/sendMessage' }), /set both or neither/);
    assert.throws(() => load({ PITBOSS_ALERT_TELEGRAM_CHAT_ID: '42' }), /set both or neither/);
    assert.throws(() => load({ PITBOSS_ALERT_WEBHOOK_URL: 'ftp://example.com/x' }), /PITBOSS_ALERT_WEBHOOK_URL: must be an http/);
    const c = load({ PITBOSS_ALERT_TELEGRAM_URL: 'https://api.telegram.org/botX/sendMessage', PITBOSS_ALERT_TELEGRAM_CHAT_ID: '-100123', PITBOSS_ALERT_MEMORY_MB: '512' });
    assert.deepEqual(c.alerts, {
      webhookUrl: undefined, slackUrl: undefined, telegram: { url: 'https://api.telegram.org/botX/sendMessage', chatId: '-100123' },
      checkMs: 10_000, memoryBytes: 512 * 1048576, terminalOfflineMs: 60_000,
    });
  });
});

describe('the alerts process', () => {
  it('sends a silent terminal to the receiver exactly once, and its return once', async () => {
    const rx = await new Receiver().start();
    const seen = new LastSeen();
    let now = 1_000_000;
    const book = new AlertBook();
    const notifier = new WebhookNotifier({ url: rx.url, node: 'node-t' });
    const pid = await start(AlertServer, {
      book, everyMs: 10, notifiers: [notifier], now: () => now,
      rules: [terminalOffline({ afterMs: 60_000 })],
      snapshot: () => ({ memory: { rss: 0, heap_used: 0 }, terminals: seen.list() }),
    });
    try {
      seen.beat('cab-7', now);
      seen.beat('cab-8', now);
      now += 30_000;
      seen.beat('cab-8', now); // cab-8 keeps beating; cab-7 stops
      now += 45_000;
      await new Promise((r) => setTimeout(r, 150)); // many checks see cab-7 silent
      await notifier.idle();
      assert.deepEqual(rx.bodies.map((b) => `${b.status} ${b.alert.key}`), ['firing terminal_offline:cab-7']);
      seen.beat('cab-7', now);
      await new Promise((r) => setTimeout(r, 100));
      await notifier.idle();
      assert.deepEqual(rx.bodies.map((b) => `${b.status} ${b.alert.key}`), ['firing terminal_offline:cab-7', 'resolved terminal_offline:cab-7']);
    } finally {
      await stop(pid, 'shutdown');
      await rx.close();
    }
  });
});

describe('alerts on a running server', () => {
  let rx: Receiver;
  let server: RunningServer;
  before(async () => {
    rx = await new Receiver().start();
    // Any process is over 1 MB resident: memory_high fires at the first check.
    server = await startTestServer({ PITBOSS_ALERT_WEBHOOK_URL: rx.url, PITBOSS_ALERT_SLACK_URL: `${rx.url}/slack`, PITBOSS_ALERT_CHECK_MS: '100', PITBOSS_ALERT_MEMORY_MB: '1', PITBOSS_ALERT_TERMINAL_OFFLINE_MS: '1000' });
  });
  after(async () => {
    await server.stop();
    await rx.close();
  });

  it('delivers memory_high and a silent terminal once each, and shows them to staff', async () => {
    await waitFor('memory_high delivered', () => rx.bodies.some((b) => b.alert.key === 'memory_high'));
    server.services.terminals.beat('cab-1', Date.now() - 5000);
    await waitFor('terminal_offline delivered', () => rx.bodies.some((b) => b.alert.key === 'terminal_offline:cab-1'));
    await new Promise((r) => setTimeout(r, 500)); // five more checks: nothing new
    assert.deepEqual(rx.bodies.map((b) => `${b.status} ${b.alert.key}`), ['firing memory_high', 'firing terminal_offline:cab-1']);
    assert.equal(rx.bodies[0].node, server.services.config.nodeId);

    await server.services.ledger!.staff.add({ name: 'olga', role: 'operator', passwordHash: await hashPassword('operator password') }, 'cli:test');
    const signIn = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'olga', password: 'operator password' }) });
    const { token } = (await signIn.json()) as { token: string };
    const alerts = (await (await fetch(`${server.url}/api/admin/alerts`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    assert.deepEqual(alerts.active.map((a: any) => a.key).sort(), ['memory_high', 'terminal_offline:cab-1']);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^pitboss_alerts_active\{rule="terminal_offline"\} 1$/m);
    assert.match(metrics, /^pitboss_alerts_active\{rule="memory_high"\} 1$/m);

    server.services.terminals.beat('cab-1'); // it is back
    await waitFor('resolved', () => rx.bodies.some((b) => b.status === 'resolved'));
    assert.deepEqual(rx.bodies.filter((b) => b.status === 'resolved').map((b) => b.alert.key), ['terminal_offline:cab-1']);
    // The Slack-compatible receiver heard the same three transitions, as lines of text.
    await waitFor('slack resolved', () => (rx.elsewhere['/hook/slack'] ?? []).length === 3);
    assert.deepEqual(rx.elsewhere['/hook/slack']!.map((b) => b.text.split(' — ')[0]),
      ['[FIRING] warning memory_high', '[FIRING] critical terminal_offline:cab-1', '[RESOLVED] critical terminal_offline:cab-1']);
  });
});
