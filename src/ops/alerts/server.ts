// The alerts process: every `everyMs` it takes a snapshot of the node, runs the rules,
// lets the book decide what changed (book.ts: fire once, resolve once) and hands each
// transition to every notifier. Delivery never blocks the checks (webhook.ts queues). A
// supervised child of the tree: a crash restarts it with a new check loop over the same
// book, so active alerts are not announced twice.
import { GenServer } from '../../runtime/index.ts';
import type { AlertBook, AlertEvent } from './book.ts';
import type { AlertSnapshot, Rule } from './rules.ts';

export interface AlertServerArgs {
  book: AlertBook;
  rules: readonly Rule[];
  snapshot: () => AlertSnapshot;
  notifiers: ReadonlyArray<{ send(e: AlertEvent): void }>;
  everyMs: number;
  now?: () => number;
}

export class AlertServer extends GenServer<AlertServerArgs> {
  #args!: AlertServerArgs;

  override init(args: AlertServerArgs): void {
    this.#args = args;
    this.sendAfter({ type: 'check' }, args.everyMs);
  }

  override handleInfo(msg: unknown): void {
    if ((msg as { type?: string }).type !== 'check') return;
    const { book, rules, snapshot, notifiers, everyMs } = this.#args;
    const now = (this.#args.now ?? Date.now)();
    const s = snapshot();
    for (const e of book.update(rules.flatMap((r) => r(s, now)), now)) for (const n of notifiers) n.send(e);
    this.sendAfter({ type: 'check' }, everyMs);
  }
}
