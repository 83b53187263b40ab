// Regenerates rank-offsets.json (run: npx node src/games/hand_rank/gen-rank-offsets.ts).
// Only needed if RANK_KEYS, ROW_BITS or the packing change; a test checks the
// committed file equals this output.
import { writeFileSync } from 'node:fs';
import { multisetKeys, packRows, ROW_BITS } from './rank-multisets.ts';

export function generateRankOffsets(): { rowBits: number; offsets: Record<string, number[]> } {
  const offsets: Record<string, number[]> = {};
  for (const size of [5, 6, 7]) offsets[size] = packRows(multisetKeys(size));
  return { rowBits: ROW_BITS, offsets };
}

export function formatRankOffsets(data: ReturnType<typeof generateRankOffsets>): string {
  return JSON.stringify(data) + '\n';
}

if (import.meta.main) {
  const out = new URL('./rank-offsets.json', import.meta.url);
  writeFileSync(out, formatRankOffsets(generateRankOffsets()));
  console.log(`wrote ${out.pathname}`);
}
