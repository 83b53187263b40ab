import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMachine } from '../../../src/games/slots/machine.ts';
import { defaultMachine } from '../../../src/games/slots/machines.ts';
import { parFigures } from '../../../src/games/slots/math/par.ts';
import { toNumber } from '../../../src/games/slots/math/rational.ts';
import { simulate } from '../../../src/games/slots/sim.ts';
import { smallFile } from './fixtures.ts';

// z for a two-sided 99% interval
const Z99 = 2.5758;

describe('slots simulation', () => {
  const cases = [
    { name: 'the default machine', options: undefined, machine: defaultMachine(), rounds: 150_000 },
    { name: 'the small machine', options: { machine: smallFile }, machine: parseMachine(smallFile), rounds: 100_000 },
  ];
  for (const c of cases) {
    it(`agrees with the exact PAR of ${c.name} within the 99% interval`, () => {
      const exact = parFigures(c.machine);
      const r = simulate({ rounds: c.rounds, seed: `slots-par-${c.machine.id}`, options: c.options });
      const rtp = toNumber(exact.rtp);
      const half = (Z99 * exact.sd) / Math.sqrt(c.rounds);
      assert.ok(Math.abs(r.rtp - rtp) <= half, `simulated ${r.rtp} vs exact ${rtp} ± ${half}`);
      assert.equal(r.game, 'slots');
      assert.equal(r.rounds, c.rounds);
      assert.deepEqual(r.bets.spin, { rtp: r.rtp, house_edge: r.house_edge, ci95: r.ci95 });
      // the reported 95% interval is built from the sample SD, which should be near the exact SD
      const sampleSd = ((r.ci95[1] - r.ci95[0]) / 2 / 1.96) * Math.sqrt(c.rounds);
      assert.ok(Math.abs(sampleSd / exact.sd - 1) < 0.15, `sample SD ${sampleSd} vs exact ${exact.sd}`);
    });
  }

  it('reports progress and reproduces a run from its seed', () => {
    const seen: number[] = [];
    const a = simulate({ rounds: 20_000, seed: 's', onProgress: (n) => seen.push(n) });
    assert.deepEqual(seen, [10_000, 20_000]);
    assert.deepEqual(simulate({ rounds: 20_000, seed: 's' }), a);
  });
});
