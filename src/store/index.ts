// Public surface of the store layer.
export type { Store, Tx, Row, StoreKind, TransactionOptions } from './types.ts';
export { openStore, type OpenOptions, type StoreTarget } from './open.ts';
export { migrate, listMigrations, type Migration } from './migrate.ts';
export { GroupCommitter, type GroupCommitOptions, type SetWriter, type SetOutcome } from './group-commit.ts';
export { BatchQueue, type BatchQueueOptions } from './batch_queue.ts';
export { isRetryable, withRetry } from './retry.ts';
export { PgliteStore } from './pglite.ts';
export { PostgresStore, type PostgresOptions } from './postgres.ts';
export { StoreError, StoreErrorCodes, isDataError, sqlState, type StoreErrorCode } from './errors.ts';
export { ThreadLink, type ThreadLinkOptions, type ThreadReply } from './thread_link.ts';
