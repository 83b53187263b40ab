// Which process is running the current code. Set for each drain of a mailbox (not per
// message) and carried across `await` by AsyncLocalStorage, so code deep inside a handler
// can ask self(), a call to oneself is refused instead of deadlocking, and processes
// started from a handler know their parent.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from './process.ts';

export const running = new AsyncLocalStorage<Core>();

export function currentCore(): Core | undefined {
  return running.getStore();
}
