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

/**
 * For a unit that is one statement (with at most read-only statements after a failure): where
 * writes are not grouped, the statement runs on the store itself — autocommitted, one round
 * trip instead of BEGIN, the statement and COMMIT. Grouped, it shares the commit queue as any unit.
 */
export function makeSingleRunner(store: Store, commits: GroupCommitter, grouped: boolean): Runner {
  return grouped ? (fn) => commits.run(fn).catch(toClientError) : (fn) => fn(store).catch(toClientError);
}

/** The store's refusals a client may hear about, as catalogue reasons; anything else as it was. */
export function toClientError(err: unknown): never {
  // All three mean "not now": the queue is full, or the database is restarting (worker_exit, closed).
  if (err instanceof StoreError) throw new PitbossError('unavailable', err.message, {}, { cause: err });
  throw fencedError(err); // a fenced table's write from a node that no longer owns it (fences.ts)
}
