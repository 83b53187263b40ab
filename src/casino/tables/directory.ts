// A Map that keeps its keys sorted (code-unit order) as they are added and removed, so a
// listing is a walk from a cursor instead of a sort of every table on every call.
//
// Why a sorted array: tables are added and removed at human rates (a find_table, an idle
// close), while listings come with every lobby join and every page of GET /api/tables.
// Binary search finds a key or a cursor in O(log n); insert and delete shift the array
// (O(n) memmove, microseconds at 10,000 tables) — cheaper in code and memory than a
// balanced tree for this read-heavy mix.
export class SortedDirectory<V> {
  readonly #keys: string[] = [];
  readonly #values = new Map<string, V>();

  get size(): number {
    return this.#values.size;
  }

  get(key: string): V | undefined {
    return this.#values.get(key);
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  set(key: string, value: V): this {
    if (!this.#values.has(key)) this.#keys.splice(this.#lowerBound(key), 0, key);
    this.#values.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    if (!this.#values.delete(key)) return false;
    this.#keys.splice(this.#lowerBound(key), 1);
    return true;
  }

  keys(): IterableIterator<string> {
    return this.#keys.values();
  }

  /**
   * Entries with keys strictly after `cursor` (all of them without one), in order. A cursor
   * need not be a present key — a table that closed between two pages still marks its place.
   * Take what you need before the directory changes (listings do, synchronously).
   */
  *after(cursor?: string): Generator<[string, V]> {
    for (let i = cursor === undefined ? 0 : this.#upperBound(cursor); i < this.#keys.length; i++) {
      const key = this.#keys[i]!;
      yield [key, this.#values.get(key)!];
    }
  }

  /** The first index whose key is >= `key`. */
  #lowerBound(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index whose key is > `key`. */
  #upperBound(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
