// Which process is running the current code, across `await`: lets code deep inside a handler
// ask self(), lets call() refuse a call to oneself instead of deadlocking, and gives the
// processes a handler starts their parent.
//
// Each mailbox drain (and each init and terminate) runs in a fresh Activation, carried by
// AsyncLocalStorage: one per drain, not per message, since AsyncLocalStorage.run is far
// dearer than a handler call. An activation counts only while it is its process's current
// one. Sockets, servers and timers created inside a handler capture its activation too;
// when they fire after that drain has ended they do not count as the process, so they are
// neither refused as "calling themselves" nor adopted as its children.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from './process.ts';

export interface Activation {
  readonly core: Core;
}

const running = new AsyncLocalStorage<Activation>();

export function currentCore(): Core | undefined {
  const a = running.getStore();
  return a !== undefined && a.core.activation === a ? a.core : undefined;
}

/** Runs fn(arg) as `core`, in a new activation that lasts until `core.activation` is cleared. */
export function runAs<A, R>(core: Core, fn: (arg: A) => R, arg: A): R {
  const activation: Activation = { core };
  core.activation = activation;
  return running.run(activation, fn, arg);
}
