// Alert delivery by webhook: one JSON POST per transition to a configured URL, in one of
// three shapes — the generic JSON, a Slack-compatible `{text}` (Slack, Mattermost, Rocket
// and most chat incoming webhooks), or the Telegram Bot API's sendMessage. Deliveries go out one at a time in order; a failed POST (network error,
// timeout, a non-2xx answer) is retried a bounded number of times with backoff, then
// given up and logged — an alert receiver being down must not stall the checks. The queue
// is bounded: past `maxQueued`, the oldest waiting delivery is dropped and counted.
import type { AlertEvent } from './book.ts';

export interface WebhookOptions {
  url: string;
  /** the body of each POST (default: the generic JSON) */
  format?: (node: string, e: AlertEvent) => Record<string, unknown>;
  /** the node's id, in every payload */
  node: string;
  /** attempts per delivery (default 3) */
  attempts?: number;
  /** first backoff, doubled each retry (ms, default 1000) */
  backoffMs?: number;
  /** per-attempt timeout (ms, default 5000) */
  timeoutMs?: number;
  maxQueued?: number;
  onError?: (err: unknown, event: AlertEvent) => void;
}

/** The generic JSON a receiver gets. */
export function webhookBody(node: string, e: AlertEvent): Record<string, unknown> {
  return { source: 'pitboss', node, status: e.status, at: e.at, alert: e.alert };
}

/** One line a person reads in a chat: `[FIRING] critical terminal_offline:cab-7 — … (node-a)`. */
export function alertText(node: string, e: AlertEvent): string {
  return `[${e.status.toUpperCase()}] ${e.alert.severity} ${e.alert.key} — ${e.alert.message} (${node}, since ${e.alert.since})`;
}

/** Slack-compatible incoming webhooks take `{text}`. */
export function slackBody(node: string, e: AlertEvent): Record<string, unknown> {
  return { text: alertText(node, e) };
}

/** The Telegram Bot API's sendMessage (POST https://api.telegram.org/bot<token>/sendMessage). */
export function telegramBody(chatId: string): (node: string, e: AlertEvent) => Record<string, unknown> {
  return (node, e) => ({ chat_id: chatId, text: alertText(node, e), disable_web_page_preview: true });
}

export class WebhookNotifier {
  readonly #o: Required<Omit<WebhookOptions, 'onError' | 'format'>> & Pick<WebhookOptions, 'onError'>;
  readonly #format: (node: string, e: AlertEvent) => Record<string, unknown>;
  readonly #queue: AlertEvent[] = [];
  #running: Promise<void> | null = null;
  dropped = 0;
  delivered = 0;
  failed = 0;

  constructor(o: WebhookOptions) {
    const { format, ...rest } = o;
    this.#o = { attempts: 3, backoffMs: 1000, timeoutMs: 5000, maxQueued: 100, ...rest };
    this.#format = format ?? webhookBody;
  }

  send(e: AlertEvent): void {
    this.#queue.push(e);
    if (this.#queue.length > this.#o.maxQueued) {
      this.#queue.shift();
      this.dropped++;
    }
    this.#running ??= this.#drain().finally(() => (this.#running = null));
  }

  /** Resolves when every queued delivery was made or given up (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    for (let e = this.#queue.shift(); e !== undefined; e = this.#queue.shift()) await this.#deliver(e);
  }

  async #deliver(e: AlertEvent): Promise<void> {
    const body = JSON.stringify(this.#format(this.#o.node, e));
    let last: unknown;
    for (let attempt = 0; attempt < this.#o.attempts; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.#o.backoffMs * 2 ** (attempt - 1)));
      try {
        const res = await fetch(this.#o.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(this.#o.timeoutMs) });
        await res.body?.cancel();
        if (res.ok) {
          this.delivered++;
          return;
        }
        last = new Error(`the webhook answered ${res.status}`);
      } catch (err) {
        last = err;
      }
    }
    this.failed++;
    this.#o.onError?.(last, e);
  }
}
