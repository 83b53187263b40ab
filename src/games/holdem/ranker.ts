// The production Ranker: the shared poker evaluator (src/games/hand_rank). Showdown takes a
// Ranker so its order/muck/split logic is testable with hand-made values.
import { categoryOf, describe, evaluate7 } from '../hand_rank/index.ts';
import type { Ranker } from './showdown.ts';

export const ranker: Ranker = {
  value: (c) => evaluate7(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!),
  category: categoryOf,
  describe,
};
