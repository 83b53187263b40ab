// A deliberately plain poker evaluator, independent of the table-driven one: it sorts
// and groups the five cards and returns a comparable tuple. Slow and obvious, so the
// tests can trust it as the oracle.
export type RefKey = number[];

const CAT = { high: 0, pair: 1, twoPair: 2, trips: 3, straight: 4, flush: 5, fullHouse: 6, quads: 7, straightFlush: 8 };

export function refEval5(cards: readonly number[]): RefKey {
  const ranks = cards.map((c) => Math.floor(c / 4)).sort((a, b) => b - a);
  const suits = new Set(cards.map((c) => c % 4));
  const flush = suits.size === 1;
  const distinct = [...new Set(ranks)];
  let straightTop = -1;
  if (distinct.length === 5) {
    if (ranks[0]! - ranks[4]! === 4) straightTop = ranks[0]!;
    else if (ranks.join() === '12,3,2,1,0') straightTop = 3; // A-2-3-4-5
  }
  // groups: [count, rank] sorted by count then rank, both descending
  const groups = distinct.map((r) => [ranks.filter((x) => x === r).length, r] as [number, number]);
  groups.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const byGroup = groups.map((g) => g[1]);
  const shape = groups.map((g) => g[0]).join('');
  if (straightTop >= 0 && flush) return [CAT.straightFlush, straightTop];
  if (shape === '41') return [CAT.quads, ...byGroup];
  if (shape === '32') return [CAT.fullHouse, ...byGroup];
  if (flush) return [CAT.flush, ...ranks];
  if (straightTop >= 0) return [CAT.straight, straightTop];
  if (shape === '311') return [CAT.trips, ...byGroup];
  if (shape === '221') return [CAT.twoPair, ...byGroup];
  if (shape === '2111') return [CAT.pair, ...byGroup];
  return [CAT.high, ...ranks];
}

export function compareKeys(a: RefKey, b: RefKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Best five of 5..7 cards by trying every subset. */
export function refEval(cards: readonly number[]): RefKey {
  let best: RefKey | null = null;
  const n = cards.length;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++)
        for (let d = c + 1; d < n; d++)
          for (let e = d + 1; e < n; e++) {
            const k = refEval5([cards[a]!, cards[b]!, cards[c]!, cards[d]!, cards[e]!]);
            if (best === null || compareKeys(k, best) > 0) best = k;
          }
  return best!;
}

export const REF_CATEGORY_NAMES = ['high_card', 'one_pair', 'two_pair', 'three_of_a_kind', 'straight', 'flush', 'full_house', 'four_of_a_kind', 'straight_flush'];
