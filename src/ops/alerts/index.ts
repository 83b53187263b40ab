// Alerts (docs/operations.md, "Alerts"): rules over samples, a de-duplicating book, and
// delivery by webhook, Slack-compatible webhook, Telegram and email.
export { AlertManager, type AlertOptions, type AlertSources, type Delivery } from './manager.ts';
export { AlertBook, type ActiveAlert, type Transition } from './book.ts';
export { evaluate, DEFAULT_THRESHOLDS, type Finding, type RuleId, type Sample, type Severity, type Thresholds } from './rules.ts';
export { channelsFrom, emailChannel, headline, slackChannel, telegramChannel, webhookChannel, type AlertChannel, type ChannelSettings, type Notification } from './channels.ts';
