// The caller's side of one call: its promise's settle functions and its timeout timer. The
// callee holds it in its mailbox, then as `inflight`, then (after NO_REPLY) in `deferred`;
// whichever of reply, timeout or the callee's death comes first wins, the rest are no-ops.
import type { Core } from './process.ts';

declare const fromBrand: unique symbol;
/** Opaque handle to a pending call; answer it with reply(from, value). */
export interface From {
  readonly [fromBrand]: true;
}

/** Returned by handleCall to answer later with reply(from, value). */
export const NO_REPLY: unique symbol = Symbol('NO_REPLY');

export class CallFrom {
  done = false;
  timer: NodeJS.Timeout | undefined = undefined;
  readonly callee: Core;
  private readonly resolve: (v: unknown) => void;
  private readonly reject: (e: unknown) => void;

  constructor(callee: Core, resolve: (v: unknown) => void, reject: (e: unknown) => void) {
    this.callee = callee;
    this.resolve = resolve;
    this.reject = reject;
  }

  settle(value: unknown): void {
    if (this.finish()) this.resolve(value);
  }

  fail(err: unknown): void {
    if (this.finish()) this.reject(err);
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.callee.deferred?.delete(this);
    return true;
  }
}
