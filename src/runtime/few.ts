// A collection that is usually empty or holds one item — a process's links, monitors and
// watched refs (a channel process: one link to its supervisor, one monitor). Held inline
// while it has one item and as a Set past that: a one-item Set costs ~250 bytes, and
// there are as many of these as there are joined channels.
export type Few<T extends object> = T | Set<T> | null;

export function fewAdd<T extends object>(f: Few<T>, x: T): Few<T> {
  if (f === null || f === x) return x;
  if (f instanceof Set) return f.add(x);
  return new Set([f, x]);
}

export function fewDelete<T extends object>(f: Few<T>, x: T): Few<T> {
  if (f === null) return null;
  if (!(f instanceof Set)) return f === x ? null : f;
  f.delete(x);
  return f.size === 0 ? null : f;
}

export function fewSize<T extends object>(f: Few<T>): number {
  return f === null ? 0 : f instanceof Set ? f.size : 1;
}

/** A snapshot of the items (safe to iterate while the collection changes). */
export function fewItems<T extends object>(f: Few<T>): T[] {
  return f === null ? [] : f instanceof Set ? [...f] : [f];
}
