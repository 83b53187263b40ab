// Deterministic hit point sources for tests: production draws from the OS CSPRNG, which
// two ledgers compared row by row (instant.test.ts) cannot share.
import { createHash } from 'node:crypto';
import type { HitPointSource } from '../../src/ledger/jackpot_draw.ts';

/** The same draw for the same (pool, cycle, draw) in every ledger: a hash of them and `seed`, scaled to the range. */
export function seededHitPoints(seed: string): HitPointSource {
  return {
    draw(lo, hi, at) {
      const h = createHash('sha256').update(`${seed}:${at.pool}:${at.cycle}:${at.draw}`).digest();
      // 48 bits over a test range of a few thousand: bias far below anything a test could see.
      return { hitPoint: lo + (h.readUIntBE(0, 6) % (hi - lo + 1)), salt: h.subarray(8, 24).toString('hex') };
    },
  };
}

/** Always the point `pick(lo, hi)` (e.g. the top of the range, where the old rule hit). */
export function fixedHitPoints(pick: (lo: number, hi: number) => number): HitPointSource {
  let n = 0;
  return { draw: (lo, hi) => ({ hitPoint: pick(lo, hi), salt: `fixed-salt-${String(n++).padStart(8, '0')}` }) };
}
