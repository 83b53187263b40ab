import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoRng, FairRng, SeededRng, type Rng } from '../../../src/games/rng/index.ts';
import { CHI2_99, chiSquare, counts, passesOneOfTwo, runsZ, serialZ, Z_99 } from './stats.ts';

const DRAWS_PER_CELL = 10_000; // expected count per cell: far above the chi-square rule of five
const sources: [string, () => Rng][] = [
  ['CryptoRng', () => new CryptoRng()],
  ['SeededRng', () => new SeededRng('chi-square')],
  ['FairRng', () => new FairRng({ serverSeed: 'chi', clientSeed: 'square', nonce: 1 })],
];
// seedable sources give one fixed sample that passes or fails forever; CryptoRng a new one each run
const check = (name: string, ok: () => boolean) => (name === 'CryptoRng' ? passesOneOfTwo(ok) : ok());

describe('RNG output statistics at 99% confidence', () => {
  for (const [name, make] of sources) {
    it(`${name}: roulette pockets are uniform (chi-square, 36 df)`, () => {
      assert.ok(check(name, () => chiSquare(counts(make(), 37, 37 * DRAWS_PER_CELL)) < CHI2_99[36]));
    });

    it(`${name}: cards are uniform (chi-square, 51 df)`, () => {
      assert.ok(check(name, () => chiSquare(counts(make(), 52, 52 * DRAWS_PER_CELL)) < CHI2_99[51]));
    });

    it(`${name}: draws show no runs pattern and no serial correlation`, () => {
      const ok = () => {
        const rng = make();
        const xs = Array.from({ length: 200_000 }, () => rng.int(37));
        return Math.abs(runsZ(xs, 37)) < Z_99 && Math.abs(serialZ(xs)) < Z_99;
      };
      assert.ok(check(name, ok));
    });
  }

  it('the chi-square test has the power to catch modulo bias', () => {
    // a byte reduced mod 37: residues 0..33 come 7 times in 256, 34..36 only 6
    const bytes = new SeededRng('bias');
    const biased: Rng = { int: (n) => bytes.int(256) % n };
    assert.ok(chiSquare(counts(biased, 37, 37 * DRAWS_PER_CELL)) > CHI2_99[36]);
  });

  it('the runs and serial tests have the power to catch a sticky stream', () => {
    const src = new SeededRng('sticky');
    let last = 0;
    // repeats the previous draw a third of the time
    const sticky: Rng = { int: (n) => (last = src.int(3) === 0 ? last : src.int(n)) };
    const xs = Array.from({ length: 200_000 }, () => sticky.int(37));
    assert.ok(Math.abs(runsZ(xs, 37)) > Z_99);
    assert.ok(Math.abs(serialZ(xs)) > Z_99);
  });
});
