// A fast deterministic source for simulations (`pitboss sim --seed S`): the ChaCha20
// keystream under key SHA-256(seed). Cryptographic quality, gigabytes per second,
// and the same seed gives the same run on every machine.
import { createCipheriv, createHash } from 'node:crypto';
import { WordRng } from './bytes.ts';

export class SeededRng extends WordRng {
  private readonly cipher: ReturnType<typeof createCipheriv>;
  private readonly zeros: Buffer;
  private words = new Uint32Array(0);
  private pos = 0;
  constructor(seed: string, blockBytes = 64 * 1024) {
    super();
    const key = createHash('sha256').update(`pitboss-sim:${seed}`, 'utf8').digest();
    // chacha20 in OpenSSL takes a 16-byte IV: 4-byte counter + 12-byte nonce, all zero here.
    this.cipher = createCipheriv('chacha20', key, Buffer.alloc(16));
    this.zeros = Buffer.alloc(blockBytes);
  }
  protected nextWord(): number {
    if (this.pos === this.words.length) {
      const bytes = this.cipher.update(this.zeros);
      this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
      this.pos = 0;
    }
    return this.words[this.pos++]!;
  }
}
