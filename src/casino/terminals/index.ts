// Terminals and cash devices: what the rest of the casino's public surface re-exports.
export { TerminalDirectory, type Terminal, type Authenticated, type Sql } from './directory.ts';
export { TerminalMonitor, type MonitorOptions, type TerminalStatus, type TerminalView, type LateDelivery, type StatusChange } from './monitor.ts';
export { terminalConnect, terminalSocketId, type TerminalAssigns } from './terminal_auth.ts';
export { terminalChannel, type TerminalChannelDeps } from './terminal_channel.ts';
export { parseTerminalEvent, type TerminalEvent } from './messages.ts';
export { creditAccount, dropAccount, ticketsAccount } from './cash.ts';
export { TERMINAL_ID } from './credentials.ts';
/** A terminal's currency unless `terminal add --currency` says otherwise: the casino's own. */
export { CURRENCY as DEFAULT_TERMINAL_CURRENCY } from '../currency.ts';
