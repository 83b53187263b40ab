import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { CryptoRng, FairRng, SeededRng, hashServerSeed, newServerSeed, verifyServerSeed } from '../../../src/games/rng/index.ts';

const seeds = { serverSeed: 'server-secret', clientSeed: 'client', nonce: 7 };
const WORD = 0x1_0000_0000; // int(2^32) never rejects, so it returns the raw stream word
const take = (rng: { int(n: number): number }, k: number, n = WORD) => Array.from({ length: k }, () => rng.int(n));

describe('FairRng', () => {
  it('is the documented HMAC-SHA256 stream, read as big-endian words, block after block', () => {
    const expected: number[] = [];
    for (let block = 0; block < 3; block++) {
      const d = createHmac('sha256', seeds.serverSeed).update(`${seeds.clientSeed}:${seeds.nonce}:${block}`).digest();
      for (let i = 0; i < 32; i += 4) expected.push(d.readUInt32BE(i));
    }
    const rng = new FairRng(seeds);
    assert.deepEqual(take(rng, 24), expected);
    assert.equal(rng.blocksUsed, 3);
  });

  it('repeats exactly for the same seeds and changes with the nonce or either seed', () => {
    const a = take(new FairRng(seeds), 100, 52);
    assert.deepEqual(take(new FairRng({ ...seeds }), 100, 52), a);
    assert.notDeepEqual(take(new FairRng({ ...seeds, nonce: 8 }), 100, 52), a);
    assert.notDeepEqual(take(new FairRng({ ...seeds, clientSeed: 'client2' }), 100, 52), a);
    assert.notDeepEqual(take(new FairRng({ ...seeds, serverSeed: 'server-secreT' }), 100, 52), a);
  });

  it('refuses a nonce that is not a non-negative integer', () => {
    for (const nonce of [-1, 1.5, Number.NaN, 2 ** 53]) assert.throws(() => new FairRng({ ...seeds, nonce }), RangeError);
  });
});

describe('server seed commitment', () => {
  it('accepts the revealed seed against its published hash and rejects a tampered one', () => {
    const seed = newServerSeed();
    assert.match(seed, /^[0-9a-f]{64}$/);
    assert.notEqual(newServerSeed(), seed);
    const published = hashServerSeed(seed);
    assert.equal(published, createHash('sha256').update(seed).digest('hex'));
    assert.equal(verifyServerSeed(seed, published), true);
    assert.equal(verifyServerSeed(seed, published.toUpperCase()), true);
    const tampered = (seed[0] === 'a' ? 'b' : 'a') + seed.slice(1);
    assert.equal(verifyServerSeed(tampered, published), false);
    assert.equal(verifyServerSeed(seed, published.slice(0, 63) + (published[63] === '0' ? '1' : '0')), false);
  });
});

describe('SeededRng', () => {
  it('is the ChaCha20 keystream under SHA-256 of the seed, read as little-endian words', () => {
    const key = createHash('sha256').update('pitboss-sim:run-1', 'utf8').digest();
    const ks = createCipheriv('chacha20', key, Buffer.alloc(16)).update(Buffer.alloc(64));
    const expected = Array.from({ length: 16 }, (_, i) => ks.readUInt32LE(4 * i));
    assert.deepEqual(take(new SeededRng('run-1'), 16), expected);
  });

  it('repeats for the same seed, across block boundaries, and differs for another seed', () => {
    const a = take(new SeededRng('sim', 64), 200);
    assert.deepEqual(take(new SeededRng('sim', 1024), 200), a);
    assert.notDeepEqual(take(new SeededRng('sim2', 64), 200), a);
  });
});

describe('CryptoRng', () => {
  it('does not repeat across instances or blocks', () => {
    const a = take(new CryptoRng(4), 64);
    const b = take(new CryptoRng(4), 64);
    assert.notDeepEqual(a, b);
    assert.ok(new Set(a).size > 60);
  });
});
