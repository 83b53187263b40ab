// The mailbox: a FIFO stored flat as [kind, msg, from, kind, msg, from, ...] with a moving
// head, so enqueueing a message allocates nothing but array growth and taking one allocates
// nothing at all (the taken entry is exposed in fields). Compacted when the dead prefix is
// both large and the larger half, which keeps shift amortised O(1).
export type MessageKind = 'call' | 'cast' | 'info' | 'stop';

const COMPACT_AT = 3 * 1024;

export class Mailbox<F> {
  private buf: unknown[] = [];
  private head = 0;
  kind: MessageKind = 'info';
  msg: unknown = undefined;
  from: F | undefined = undefined;

  get length(): number {
    return (this.buf.length - this.head) / 3;
  }

  push(kind: MessageKind, msg: unknown, from: F | undefined): void {
    this.buf.push(kind, msg, from);
  }

  /** Takes the oldest entry into kind/msg/from; false when empty. */
  shift(): boolean {
    const buf = this.buf;
    const h = this.head;
    if (h === buf.length) return false;
    this.kind = buf[h] as MessageKind;
    this.msg = buf[h + 1];
    this.from = buf[h + 2] as F | undefined;
    buf[h + 1] = buf[h + 2] = undefined; // let the message be collected now
    this.head = h + 3;
    if (this.head === buf.length) {
      buf.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_AT && this.head * 2 >= buf.length) {
      buf.splice(0, this.head);
      this.head = 0;
    }
    return true;
  }
}
