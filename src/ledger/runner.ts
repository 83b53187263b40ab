// How a public ledger function gets its transaction: a seat in the commit queue (group
// commit on), or its own. Either way the unit is a pure function of `tx`, so it can be retried.
import type { Store, Tx } from '../store/types.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import { StoreError } from '../store/errors.ts';
import { PitbossError } from '../errors.ts';
import { fencedError } from './fences.ts';

export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export function makeRunner(store: Store, commits: GroupCommitter, grouped: boolean): Runner {
  return grouped ? (fn) => commits.run(fn).catch(toClientError) : (fn) => store.transaction(fn).catch(toClientError);
}

/** The store's refusals a client may hear about, as catalogue reasons; anything else as it was. */
export function toClientError(err: unknown): never {
  // All three mean "not now": the queue is full, or the database is restarting (worker_exit, closed).
  if (err instanceof StoreError) throw new PitbossError('unavailable', err.message, {}, { cause: err });
  throw fencedError(err); // a fenced table's write from a node that no longer owns it (fences.ts)
}
