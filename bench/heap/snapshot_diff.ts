// What grew between two V8 heap snapshots, by kind of object: for each (node type,
// constructor or name) the change in count and in shallow ("self") size. Divided by the
// number of players seated between the two, it is the per-player bill by constructor —
// the breakdown in docs/performance.md. Shallow sizes add up to the heap growth; retained
// sizes would count shared objects once per owner.
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export interface Bucket { key: string; count: number; bytes: number }

/** Self size and count per `type:name` (strings by type only; their text is not a kind). */
export function tally(file: string): Map<string, Bucket> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const iType = f.indexOf('type');
  const iName = f.indexOf('name');
  const iSize = f.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, Bucket>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!]!;
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number' ? '' : s.strings[s.nodes[i + iName]!]!;
    const key = `${type}:${name.length > 60 ? `${name.slice(0, 57)}...` : name}`;
    let b = out.get(key);
    if (!b) out.set(key, (b = { key, count: 0, bytes: 0 }));
    b.count++;
    b.bytes += s.nodes[i + iSize]!;
  }
  return out;
}

/** Buckets that grew from `before` to `after`, largest growth first. */
export function diff(before: Map<string, Bucket>, after: Map<string, Bucket>): Bucket[] {
  const rows: Bucket[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    const d = { key, count: a.count - (b?.count ?? 0), bytes: a.bytes - (b?.bytes ?? 0) };
    if (d.bytes !== 0 || d.count !== 0) rows.push(d);
  }
  for (const [key, b] of before) if (!after.has(key)) rows.push({ key, count: -b.count, bytes: -b.bytes });
  return rows.sort((x, y) => y.bytes - x.bytes);
}

/** A text table of the growth per unit (e.g. per player): the top rows and the total. */
export function report(rows: Bucket[], per: number, top = 45): string {
  const total = rows.reduce((n, r) => n + r.bytes, 0);
  const lines = [`${'bytes/unit'.padStart(10)} ${'count/unit'.padStart(10)}  kind`];
  for (const r of rows.slice(0, top)) lines.push(`${(r.bytes / per).toFixed(0).padStart(10)} ${(r.count / per).toFixed(2).padStart(10)}  ${r.key}`);
  lines.push(`${(total / per).toFixed(0).padStart(10)} ${''.padStart(10)}  total self size`);
  return lines.join('\n');
}

if (import.meta.main) {
  const [a, b, per] = process.argv.slice(2);
  if (!a || !b) {
    console.error('usage: node bench/heap/snapshot_diff.ts before.heapsnapshot after.heapsnapshot [units]');
    process.exit(2);
  }
  console.log(report(diff(tally(a), tally(b)), Number(per ?? 1)));
}
