// Alerts (docs/operations.md): rules over a snapshot of the node, a book that fires and
// resolves each alert once, a webhook notifier, and the process that runs them.
export { memoryHigh, terminalOffline, type AlertSnapshot, type Condition, type Rule, type Severity } from './rules.ts';
export { AlertBook, type Alert, type AlertEvent } from './book.ts';
export { WebhookNotifier, alertText, slackBody, telegramBody, webhookBody, type WebhookOptions } from './webhook.ts';
export { AlertServer, type AlertServerArgs } from './server.ts';
export { LastSeen } from './last_seen.ts';
