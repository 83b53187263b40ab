// A Pid is the only handle to a process. It holds its process directly (no global process
// table to leak or to share between tests); the reference is a private field so that only
// the runtime can reach the process behind it.
import type { Core } from './process.ts';

let coreOf: (pid: Pid) => Core;

export class Pid {
  readonly id: number;
  readonly #core: Core;
  /** Internal: processes are created by start(), never by hand. */
  constructor(id: number, core: Core) {
    this.id = id;
    this.#core = core;
  }
  toString(): string {
    return `<0.${this.id}>`;
  }
  toJSON(): string {
    return this.toString();
  }
  static {
    coreOf = (pid) => pid.#core;
  }
}

/** Internal: the process behind a pid. Not exported from index.ts. */
export function procOf(pid: Pid): Core {
  return coreOf(pid);
}
