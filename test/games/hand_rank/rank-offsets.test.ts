import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatRankOffsets, generateRankOffsets } from '../../../src/games/hand_rank/gen-rank-offsets.ts';
import { multisetKeys, RANK_KEYS } from '../../../src/games/hand_rank/rank-multisets.ts';

describe('committed rank-table asset', () => {
  it('equals what the generator produces', () => {
    const committed = readFileSync(new URL('../../../src/games/hand_rank/rank-offsets.json', import.meta.url), 'utf8');
    assert.equal(committed, formatRankOffsets(generateRankOffsets()));
  });

  it('rests on rank keys whose sums are distinct for every multiset of 5, 6 or 7 ranks', () => {
    assert.equal(RANK_KEYS.length, 13);
    const sizes = { 5: 6175, 6: 18395, 7: 49205 } as const;
    for (const [size, count] of Object.entries(sizes)) {
      const keys = multisetKeys(Number(size));
      assert.equal(keys.length, count);
      assert.equal(new Set(keys).size, count);
    }
  });
});
