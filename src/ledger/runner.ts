// How a public ledger function gets its transaction: a seat in the commit queue (group
// commit on), or its own. Either way the unit is a pure function of `tx`, so it can be retried.
import type { Store, Tx } from '../store/types.ts';
import type { GroupCommitter } from '../store/group-commit.ts';

export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export function makeRunner(store: Store, commits: GroupCommitter, grouped: boolean): Runner {
  return grouped ? (fn) => commits.run(fn) : (fn) => store.transaction(fn);
}
