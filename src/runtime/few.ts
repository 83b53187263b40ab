// A collection that is usually empty or holds one or two items — a process's links,
// monitors and watched refs (a channel process: one link to its supervisor, a monitor or
// two on it). Held inline while it has one item, as a small array up to SMALL items, and as
// a Set past that: a Set costs ~230 bytes however few it holds, a two-item array ~64, and
// there are as many of these as there are joined channels. A supervisor's links to
// thousands of children are a Set, so adding and removing stay O(1) where it matters.
export type Few<T extends object> = T | T[] | Set<T> | null;

const SMALL = 8;

export function fewAdd<T extends object>(f: Few<T>, x: T): Few<T> {
  if (f === null || f === x) return x;
  if (f instanceof Set) return f.add(x);
  if (!Array.isArray(f)) return [f, x];
  if (f.includes(x)) return f;
  if (f.length < SMALL) {
    f.push(x);
    return f;
  }
  return new Set([...f, x]);
}

export function fewDelete<T extends object>(f: Few<T>, x: T): Few<T> {
  if (f === null) return null;
  if (f instanceof Set) {
    f.delete(x);
    return f.size === 0 ? null : f;
  }
  if (!Array.isArray(f)) return f === x ? null : f;
  const i = f.indexOf(x);
  if (i < 0) return f;
  f.splice(i, 1);
  return f.length === 1 ? f[0]! : f;
}

export function fewSize<T extends object>(f: Few<T>): number {
  return f === null ? 0 : f instanceof Set ? f.size : Array.isArray(f) ? f.length : 1;
}

/** A snapshot of the items (safe to iterate while the collection changes). */
export function fewItems<T extends object>(f: Few<T>): T[] {
  return f === null ? [] : f instanceof Set || Array.isArray(f) ? [...f] : [f];
}
