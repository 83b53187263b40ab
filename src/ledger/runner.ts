// How a public ledger function gets its transaction: its own, or a seat in a group
// commit. Either way the unit is a pure function of `tx`, so it can be retried.
import type { Store, Tx } from '../store/types.ts';
import { GroupCommitter, type GroupCommitOptions } from '../store/group-commit.ts';
import { StoreError } from '../store/errors.ts';
import { PitbossError } from '../errors.ts';

export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export function makeRunner(store: Store, groupCommit: boolean | GroupCommitOptions | undefined): Runner {
  if (!groupCommit) return (fn) => store.transaction(fn);
  const gc = new GroupCommitter(store, groupCommit === true ? {} : groupCommit);
  return (fn) => gc.run(fn).catch(toClientError);
}

/** The store's refusals a client may hear about, as catalogue reasons; anything else as it was. */
function toClientError(err: unknown): never {
  if (err instanceof StoreError && err.code === 'queue_full') throw new PitbossError('unavailable', err.message, {}, { cause: err });
  throw err;
}
