import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoRng, FairRng, SeededRng, WordRng } from '../../../src/games/rng/index.ts';

/** A word source that replays given words, to watch the rejection rule directly. */
class Scripted extends WordRng {
  private readonly words: number[];
  used = 0;
  constructor(words: number[]) {
    super();
    this.words = words;
  }
  protected nextWord(): number {
    const w = this.words[this.used++];
    if (w === undefined) throw new Error('script exhausted');
    return w;
  }
}

describe('Rng.int scaling', () => {
  it('rejects ranges that are not integers in [1, 2^32]', () => {
    const rng = new SeededRng('ranges');
    for (const n of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 32 + 1]) assert.throws(() => rng.int(n), RangeError, String(n));
    assert.equal(rng.int(1), 0);
    assert.ok(rng.int(2 ** 32) < 2 ** 32);
  });

  it('discards the words past the last whole multiple of n, so no residue is favoured', () => {
    // 2^32 = 3 * 1431655765 + 1: the single word 2^32 - 1 would give residue 0 a 1-in-2^32 edge
    const r = new Scripted([0xffffffff, 0xfffffffe, 5]);
    assert.equal(r.int(3), 0xfffffffe % 3);
    assert.equal(r.used, 2);
    // for 37, 2^32 mod 37 = 7: the top seven words are rejected, the next one is not
    const top = 2 ** 32 - 1;
    const s = new Scripted([top, top - 6, top - 7]);
    assert.equal(s.int(37), (top - 7) % 37);
    assert.equal(s.used, 3);
  });

  it('stays in [0, n) for every source and many ranges', () => {
    for (const rng of [new CryptoRng(), new SeededRng('range'), new FairRng({ serverSeed: 's', clientSeed: 'c', nonce: 0 })]) {
      for (const n of [2, 3, 37, 52, 416, 1000, 2 ** 31 + 1]) {
        for (let i = 0; i < 500; i++) {
          const x = rng.int(n);
          assert.ok(Number.isInteger(x) && x >= 0 && x < n, `${x} for n=${n}`);
        }
      }
    }
  });
});
