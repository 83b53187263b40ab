import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMachine } from '../../../src/games/slots/machine.ts';
import { baseDistribution } from '../../../src/games/slots/math/distribution.ts';
import { figuresFrom, momentsOf, parFigures, type ParFigures } from '../../../src/games/slots/math/par.ts';
import { lineTable } from '../../../src/games/slots/math/linetable.ts';
import { add, div, mul, rat, sub, toDecimal, type Rational } from '../../../src/games/slots/math/rational.ts';
import { scatterCountDistribution } from '../../../src/games/slots/scatter.ts';
import { bruteForceOutcomes, smallFile, tinyFile } from './fixtures.ts';

const EXACT = ['rtp', 'line_rtp', 'scatter_rtp', 'bonus_rtp', 'hit_frequency', 'free_spin_trigger', 'spins_per_spin', 'feature_spins', 'variance'] as const;

function assertSameFigures(a: ParFigures, b: ParFigures) {
  assert.equal(a.cycle, b.cycle);
  for (const k of EXACT) assert.deepEqual(a[k], b[k], `${k}: ${toDecimal(a[k])} vs ${toDecimal(b[k])}`);
}

describe('slots exact math', () => {
  it('gives the hand-computed figures of a 3-reel, 1-line machine', () => {
    // Cells (x1,x2,x3) over 3·3·4 = 36 combinations. Line pays: x1=A needs x2,x3 ∈ {A,W}: 4 × 10;
    // x1=W: WA{A,W} 2 × 10, WB{B,W} 2 × 5, WW·: W 50, A 10, B 5, S → W×2 pays 2. Sum 137.
    // Two scatters need S on reels 1 and 3: 3 combinations, each paying 1 and awarding 1 spin.
    const f = parFigures(parseMachine(tinyFile));
    assert.equal(f.cycle, 36n);
    assert.deepEqual(f.line_rtp, rat(137, 36));
    assert.deepEqual(f.scatter_rtp, rat(3, 36));
    assert.deepEqual(f.spins_per_spin, rat(1, 12));
    // base 35/9; bonus = m·base·q/(1−q) = 2 · 35/9 · (1/12)/(11/12) = 70/99
    assert.deepEqual(f.bonus_rtp, rat(70, 99));
    assert.deepEqual(f.rtp, rat(455, 99));
    assert.deepEqual(f.hit_frequency, rat(15, 36)); // 12 line wins + 3 scatter pairs (those pay no line)
    assert.deepEqual(f.free_spin_trigger, rat(3, 36));

    // Variance by a different route: each spin awards 0 or 1 spin, so a feature is K−1
    // spins that retrigger (X | F=1: always 2·1 = 2) then one that does not (X | F=0:
    // mean 2·137/33, second moment 4·3279/33), with K−1 geometric: mean q/(1−q),
    // variance q/(1−q)². Line pays squared: 4·100 + 2·100 + 2·25 + 2500 + 100 + 25 + 4 = 3279.
    const q = rat(1, 12);
    const g = div(q, sub(rat(1), q));
    const gVar = div(q, mul(sub(rat(1), q), sub(rat(1), q)));
    const a0 = rat(274, 33);
    const v0 = sub(rat(4 * 3279, 33), mul(a0, a0));
    const EY = add(mul(g, rat(2)), a0);
    const VY = add(add(mul(g, rat(0)), mul(gVar, rat(4))), v0);
    const EY2 = add(VY, mul(EY, EY));
    // Z = W + N·Y, N = 1 exactly on the 3 scatter pairs (where W = 1), else 0
    const EW = rat(140, 36);
    const EW2 = rat(3279 + 3, 36);
    const EZ = add(EW, mul(rat(3, 36), EY));
    const EZ2 = add(add(EW2, mul(rat(2 * 3, 36), EY)), mul(rat(3, 36), EY2));
    assert.deepEqual(EZ, rat(455, 99));
    assert.deepEqual(f.variance, sub(EZ2, mul(EZ, EZ)));
    assert.deepEqual(f.variance, rat(2055595, 19602));
  });

  it('equals brute-force enumeration of every stop combination on a 5×3 machine', () => {
    const m = parseMachine(smallFile);
    assert.equal(m.cycle, 7 * 8 * 6 * 7 * 8);
    const fast = parFigures(m);
    assertSameFigures(fast, figuresFrom(m, momentsOf(m, bruteForceOutcomes(m))));
    assert.ok(fast.bonus_rtp.n > 0n && fast.scatter_rtp.n > 0n && fast.line_rtp.n > 0n);
  });

  it('counts the same line RTP one line at a time as over whole windows', () => {
    for (const file of [tinyFile, smallFile]) {
      const m = parseMachine(file);
      const perLine = lineTable(m).reduce<Rational>((acc, r) => add(acc, r.rtp), rat(0));
      assert.deepEqual(perLine, parFigures(m).line_rtp);
    }
  });

  it('convolves per-reel scatter counts into the brute-force count distribution', () => {
    const m = parseMachine(smallFile);
    const counts: bigint[] = [];
    for (const o of bruteForceOutcomes(m)) {
      while (counts.length <= o.scatters) counts.push(0n);
      counts[o.scatters] += 1n;
    }
    assert.deepEqual(scatterCountDistribution(m.strips, m.rows, m.scatter), counts);
  });

  it('matches brute force on random small machines', () => {
    const symbol = fc.constantFrom('A', 'B', 'C', 'W', 'S');
    const pays = fc.record({ A: fc.constantFrom({ '2': 2, '3': 5 }, { '1': 1, '2': 3, '3': 2 }), B: fc.constant({ '3': 7 }), W: fc.constant({ '3': 11 }) });
    const machine = fc
      .record({
        rows: fc.integer({ min: 1, max: 2 }),
        reels: fc.array(fc.array(symbol, { minLength: 2, maxLength: 5 }), { minLength: 3, maxLength: 3 }),
        pays,
        lines: fc.uniqueArray(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4, selector: (l) => l.join() }),
      })
      .map(({ rows, reels, pays, lines }) => {
        // every symbol the paytable names must be on some reel; the first reel carries them all
        const first = [...new Set([...reels[0]!, 'A', 'B', 'C', 'W', 'S'])];
        return { id: 'rand', name: 'Random', rows, reels: [first, ...reels.slice(1)], paylines: lines.map((l) => l.map((row) => row % rows)),
          wild: 'W', scatter: { symbol: 'S', pays: Object.fromEntries([1, 3, 9, 20, 40, 80].slice(0, 3 * rows).map((p, i) => [String(i + 1), p])), freeSpins: {} }, freeSpinMultiplier: 1, pays };
      })
      .filter((f) => new Set(f.paylines.map((l) => l.join())).size === f.paylines.length);
    fc.assert(
      fc.property(machine, (file) => {
        const m = parseMachine(file);
        assertSameFigures(parFigures(m), figuresFrom(m, momentsOf(m, bruteForceOutcomes(m))));
        assert.equal(baseDistribution(m).reduce((a, o) => a + o.count, 0), m.cycle);
      }),
      { numRuns: 60 },
    );
  });
});
