// Public surface of the ledger: what the casino layer and the CLI may import.
export { Ledger, Jackpots, type LedgerOptions } from './ledger.ts';
export { Wallet, type MoveRequest, type StatementLine } from './wallet.ts';
export type { SweepRequest } from './sweep.ts';
export { postTx, type TransferRequest, type TransferResult, type Entry, type PostedEntry } from './post.ts';
export { accountId, parseAccountId, type AccountKind } from './money.ts';
export { Rounds } from './rounds/rounds.ts';
export { TableFences, StaleOwnerError, FENCED, type FenceOf } from './fences.ts';
export { ActionKeys, type ActionKeysOptions, type KeyRef, type KeyState, type StoredReply } from './action_keys.ts';
export { SeedPairs, newClientSeed, type PairInfo, type Rotation } from './seed_pairs.ts';
export type { InstantRound, InstantResult } from './rounds/instant.ts';
export type * from './rounds/types.ts';
export { Replayers, replayRound, type Replayer, type ReplayResult, type ReplayReport } from './rounds/replay.ts';
export type { RecalledRound } from './rounds/recall.ts';
export type { Recovered } from './rounds/recovery.ts';
export { poolAccount, overflowAccount, type PoolConfig, type PoolChanges, type PoolState, type AwardResult } from './jackpots.ts';
export { checkHitReveal, commitHitPoint, cryptoHitPoints, type HitCommitment, type HitReveal, type HitPointSource } from './jackpot_draw.ts';
export { Leaderboards, type BoardConfig, type Operator, type Ranked, type RankChange } from './leaderboards.ts';
export { appendAuditTx, verifyAudit, exportAudit, type AuditEvent, type AuditRow, type AuditVerdict } from './audit.ts';
export { queryAudit, auditExport, MAX_AUDIT_PAGE, type AuditFilter } from './audit_query.ts';
export { HallConfigs, MAX_CONFIG_HISTORY, type ConfigRow, type ConfigChange, type TerminalAck } from './hall_config.ts';
export { StaffAccounts, STAFF_ROLES, STAFF_NAME, staffActor, type StaffAccount, type StaffRole } from './staff.ts';
export { drainNotifications, notifyTx, type Notification } from './notifications.ts';
export { checkLedger, summary, type LedgerCheck, type LedgerCheckDetail } from './check.ts';
// Whether the store refused a value of the request (SQLSTATE 22/23) rather than failed: the casino answers such a request with an error.
export { isDataError } from '../store/errors.ts';
