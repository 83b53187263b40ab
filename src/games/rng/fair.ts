// Provably fair source. Before a round the server publishes SHA-256(serverSeed); the
// player supplies clientSeed; each round has a nonce. The byte stream is
//   HMAC-SHA256(key = serverSeed, msg = `${clientSeed}:${nonce}:${block}`), block = 0, 1, 2, ...
// read as big-endian 32-bit words. After the round the server seed is revealed and
// anyone can recompute the outcome (`pitboss verify`).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { WordRng } from './bytes.ts';

export interface FairSeeds {
  serverSeed: string;
  clientSeed: string;
  nonce: number;
}

export function hashServerSeed(serverSeed: string): string {
  return createHash('sha256').update(serverSeed, 'utf8').digest('hex');
}

export function newServerSeed(): string {
  return randomBytes(32).toString('hex');
}

export class FairRng extends WordRng {
  readonly seeds: FairSeeds;
  private block = 0;
  private words: number[] = [];
  private pos = 0;
  constructor(seeds: FairSeeds) {
    super();
    if (!Number.isSafeInteger(seeds.nonce) || seeds.nonce < 0) throw new RangeError('nonce must be a non-negative integer');
    this.seeds = seeds;
  }
  /** How many 32-byte HMAC blocks have been consumed (journaled so a round can resume exactly). */
  get blocksUsed(): number {
    return this.block;
  }
  protected nextWord(): number {
    if (this.pos === this.words.length) {
      const { serverSeed, clientSeed, nonce } = this.seeds;
      const digest = createHmac('sha256', serverSeed).update(`${clientSeed}:${nonce}:${this.block++}`).digest();
      this.words = [];
      for (let i = 0; i < 32; i += 4) this.words.push(digest.readUInt32BE(i));
      this.pos = 0;
    }
    return this.words[this.pos++]!;
  }
}

/** True when a revealed server seed matches the hash published before the round. */
export function verifyServerSeed(serverSeed: string, publishedHash: string): boolean {
  return hashServerSeed(serverSeed) === publishedHash.toLowerCase();
}
