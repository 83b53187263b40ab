// Which node owns a key (a table id, a player's private tables): rendezvous (highest
// random weight) hashing over the live nodes. Pure: no I/O, no clock.
//
// Why rendezvous and not a ring: each key scores every node and the best score wins, so
// there are no virtual nodes to tune, and when a node leaves only the keys it owned move
// (each to its own second choice, spread over the others); when a node joins, it takes
// only the keys it now wins, about 1/N of them. With a handful of nodes the O(N) scoring
// per placement is nothing (placements happen at human rates: a table opened or moved).

/** The node that owns `key` among `nodes`, or null when there is none. Ties (never in practice) go to the smaller id. */
export function ownerOf(key: string, nodes: Iterable<string>): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const node of nodes) {
    const s = score(key, node);
    if (s > bestScore || (s === bestScore && best !== null && node < best)) {
      best = node;
      bestScore = s;
    }
  }
  return best;
}

/** A key's nodes from first to last choice (the order in which it would move as nodes leave). */
export function preference(key: string, nodes: Iterable<string>): string[] {
  return [...nodes].map((n) => [n, score(key, n)] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
}

/** A 32-bit weight of (key, node): FNV-1a over both, then MurmurHash3's finalizer to spread the bits. */
export function score(key: string, node: string): number {
  let h = 0x811c9dc5;
  h = fnv(h, node);
  h = Math.imul(h ^ 0xff, 0x01000193); // a separator no id contains, so ("ab","c") ≠ ("a","bc")
  h = fnv(h, key);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
