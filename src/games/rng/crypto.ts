// The production source: the operating system's CSPRNG through node:crypto, read in
// blocks so that a card draw does not cost a system call.
import { randomFillSync } from 'node:crypto';
import { WordRng } from './bytes.ts';

export class CryptoRng extends WordRng {
  private readonly buf: Uint32Array;
  private pos: number;
  constructor(blockWords = 1024) {
    super();
    this.buf = new Uint32Array(blockWords);
    this.pos = blockWords;
  }
  protected nextWord(): number {
    if (this.pos === this.buf.length) {
      randomFillSync(this.buf);
      this.pos = 0;
    }
    return this.buf[this.pos++]!;
  }
}
