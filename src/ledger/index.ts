// Public surface of the ledger: what the casino layer and the CLI may import.
export { Ledger, Jackpots, type LedgerOptions } from './ledger.ts';
export { Wallet, type MoveRequest, type StatementLine } from './wallet.ts';
export { postTx, type TransferRequest, type TransferResult, type Entry, type PostedEntry } from './post.ts';
export { accountId, parseAccountId, type AccountKind } from './money.ts';
export { Rounds } from './rounds/rounds.ts';
export { SeedPairs, newClientSeed, type PairInfo, type Rotation } from './seed_pairs.ts';
export type { InstantRound, InstantResult, InstantOptions } from './rounds/instant.ts';
export type * from './rounds/types.ts';
export { Replayers, defaultReplayers, replayRound, type Replayer, type ReplayResult, type ReplayReport } from './rounds/replay.ts';
export { TEST_DICE, diceStart, diceStep, diceFinal, dicePayouts, diceOutcome, diceReplayer } from './rounds/test-dice.ts';
export type { RecalledRound } from './rounds/recall.ts';
export type { Recovered } from './rounds/recovery.ts';
export { poolAccount, overflowAccount, type PoolConfig, type PoolChanges, type PoolState, type AwardResult } from './jackpots.ts';
export { Leaderboards, type BoardConfig, type Operator, type Ranked, type RankChange } from './leaderboards.ts';
export { appendAuditTx, verifyAudit, exportAudit, type AuditEvent, type AuditRow, type AuditVerdict } from './audit.ts';
export { drainNotifications, notifyTx, type Notification } from './notifications.ts';
export { checkLedger, summary, type LedgerCheck, type LedgerCheckDetail } from './check.ts';
