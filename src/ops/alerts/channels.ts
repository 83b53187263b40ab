// Where an alert is delivered: a generic JSON webhook, a Slack-compatible incoming
// webhook, the Telegram Bot API, and email over SMTP (nodemailer). Each channel sends one
// notification and throws if it was not accepted (a non-2xx answer, an SMTP refusal);
// retrying is the dispatcher's (manager.ts). Every notification carries an `id` — the
// same on a retry — so a receiver can drop a duplicate of one it already took.
import { createHmac } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { ActiveAlert } from './book.ts';

export interface Notification {
  /** Stable per alert and transition: `<key>@<since>:<kind>`. */
  id: string;
  kind: 'fired' | 'resolved';
  node: string;
  at: number;
  alert: ActiveAlert;
}

export interface AlertChannel {
  readonly name: string;
  send(n: Notification): Promise<void>;
}

const TIMEOUT_MS = 5000;

/** One line a person reads in a chat or a subject line. */
export function headline(n: Notification): string {
  const mark = n.kind === 'resolved' ? 'RESOLVED' : n.alert.severity.toUpperCase();
  return `[pitboss ${n.node}] ${mark} ${n.alert.rule}: ${n.alert.message}`;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, {
    method: 'POST', body: json, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // Drained either way, so the connection goes back to the pool.
  const text = await res.text();
  if (!res.ok) throw new Error(`${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`);
}

/** Generic JSON; with a secret, `x-pitboss-signature: sha256=<hmac of the body>` lets the receiver check the sender. */
export function webhookChannel(url: string, secret?: string): AlertChannel {
  return {
    name: 'webhook',
    async send(n) {
      const body = JSON.stringify({ source: 'pitboss', id: n.id, kind: n.kind, node: n.node, at: new Date(n.at).toISOString(), alert: n.alert });
      const headers: Record<string, string> = {};
      if (secret !== undefined) headers['x-pitboss-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      await post(url, body, headers);
    },
  };
}

/** Slack's incoming-webhook shape (`{text}`), which Mattermost, Rocket.Chat and others take too. */
export function slackChannel(url: string): AlertChannel {
  return { name: 'slack', send: (n) => post(url, { text: headline(n) }) };
}

/** Telegram Bot API `sendMessage`; `apiBase` is configurable (a proxy, or a test receiver). */
export function telegramChannel(apiBase: string, token: string, chatId: string): AlertChannel {
  const url = `${apiBase.replace(/\/+$/, '')}/bot${token}/sendMessage`;
  return { name: 'telegram', send: (n) => post(url, { chat_id: chatId, text: headline(n), disable_web_page_preview: true }) };
}

/** Email over SMTP: `smtpUrl` as nodemailer reads it (smtp://user:pass@host:587, smtps://…). */
export function emailChannel(smtpUrl: string, from: string, to: string[]): AlertChannel & { close(): void } {
  const transport: Transporter = createTransport(smtpUrl);
  return {
    name: 'email',
    async send(n) {
      const when = new Date(n.at).toISOString();
      await transport.sendMail({
        from, to, subject: headline(n),
        text: `${headline(n)}\n\nrule: ${n.alert.rule}\nseverity: ${n.alert.severity}\nsubject: ${n.alert.subject ?? '-'}\nsince: ${new Date(n.alert.since).toISOString()}\nat: ${when}\nnode: ${n.node}\nid: ${n.id}\n`,
        headers: { 'X-Pitboss-Alert-Id': n.id },
      });
    },
    close: () => transport.close(),
  };
}

/** What the configuration names (config.ts, AlertConfig); one channel per destination set. */
export interface ChannelSettings {
  webhook?: { url: string; secret?: string };
  slack?: { url: string };
  telegram?: { api: string; token: string; chat: string };
  email?: { smtpUrl: string; from: string; to: string[] };
}

export function channelsFrom(c: ChannelSettings): Array<AlertChannel & { close?(): void }> {
  return [
    ...(c.webhook ? [webhookChannel(c.webhook.url, c.webhook.secret)] : []),
    ...(c.slack ? [slackChannel(c.slack.url)] : []),
    ...(c.telegram ? [telegramChannel(c.telegram.api, c.telegram.token, c.telegram.chat)] : []),
    ...(c.email ? [emailChannel(c.email.smtpUrl, c.email.from, c.email.to)] : []),
  ];
}
