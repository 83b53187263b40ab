// The casino's public surface: what the composition root (src/main.ts), the CLI and the
// HTTP edge use. Everything else under src/casino is internal and may change shape
// without them noticing; test/architecture/layers.test.ts refuses deep imports from outside.
// Each line is here because one of them needs it.

// Who a connection is: tokens, the token secret, the socket's player.
export { Tokens, TokenRefused, type Identity, type TokenOptions } from './auth/tokens.ts';
export { loadOrCreateSecret, randomSecret } from './auth/secret.ts';
export { socketConnect, playerSocketId, playerSocketExpiry, type PlayerAssigns } from './socket_auth.ts';
export { PlayerStore } from './player_store.ts';
export type { PlayerDirectory, PlayerInfo } from './players.ts';

// Staff: sign-in and sessions, passwords, and the one table of who may do what.
export { StaffAuth, STAFF_AUDIENCE, type StaffIdentity } from './staff/auth.ts';
export { hashPassword, passwordProblem } from './staff/passwords.ts';
export { GRANTS, PERMISSIONS, may, type Permission } from './staff/grants.ts';

// What a player may do how often, and what they may say.
export { Limits, ipKey } from './limits/index.ts';
export { BlockedWords } from './chat/index.ts';

// Tables: the manager over their supervisor, the games they host, and each game's replayer.
export { TableManager } from './tables/manager.ts';
export { cashOutAll } from './tables/chips.ts';
export { tableGames } from './adapters/index.ts';
export { casinoReplayers } from './adapters/replayers.ts';
// Cluster mode: tables across nodes (placement, routing to owners, adoption of a dead node's).
export { ClusterTables } from './cluster/cluster_tables.ts';
export { DRAIN_NODE } from './cluster/methods.ts';

// The hall's runtime configuration: table limits, paytables, jackpot rates (docs/operations.md).
export { ConfigBook, CONFIG_TOPIC, type HallConfigView } from './config/book.ts';
export { JackpotPatch, MAX_CONTRIBUTION_BPS, CONFIGURABLE_GAMES, type GameSettings } from './config/settings.ts';
export { terminalLag, type TerminalLag } from './config/lag.ts';

// The channels, one factory per topic pattern.
export { lobbyChannel, type TableDirectory } from './lobby_channel.ts';
export { tableChannel } from './table_channel.ts';
export { playerChannel } from './player_channel.ts';
export { jackpotsChannel, tournamentChannel } from './promotions/channels.ts';

// Promotions: the default jackpot and tournament, the meter ticker, the after-settlement hook.
export { ensurePromotions, MEGA_JACKPOT } from './promotions/defaults.ts';
export { JackpotTicker } from './promotions/ticker.ts';
export { onSettled, type Settlement } from './promotions/on_settled.ts';

// Terminals and cash devices (docs/operations.md): credentials, the terminal socket and
// channel, and the monitor a dashboard or alert rule reads.
export * from './terminals/index.ts';

// The live dashboard (docs/operations.md): the admin socket and channel, its panels, and
// what each role may see of them.
export * from './admin/index.ts';
