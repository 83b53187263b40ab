import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SortedDirectory } from '../../../src/casino/tables/directory.ts';

describe('SortedDirectory', () => {
  it('keeps its keys in order through any sequence of sets and deletes, like a Map sorted on demand', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 4 })), { maxLength: 200 }), (ops) => {
        const dir = new SortedDirectory<number>();
        const model = new Map<string, number>();
        ops.forEach(([add, key], i) => {
          if (add) {
            dir.set(key, i);
            model.set(key, i);
          } else {
            assert.equal(dir.delete(key), model.delete(key));
          }
        });
        const sorted = [...model.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        assert.deepEqual([...dir.keys()], sorted);
        assert.equal(dir.size, model.size);
        for (const [k, v] of model) assert.equal(dir.get(k), v);
      }),
    );
  });

  it('walks pages after a cursor: every key exactly once, whether or not the cursor is still there', () => {
    const dir = new SortedDirectory<string>();
    const keys = Array.from({ length: 57 }, (_, i) => `t-${String(i).padStart(3, '0')}`);
    for (const k of [...keys].reverse()) dir.set(k, k);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = [...dir.after(after)].slice(0, 10);
      if (page.length === 0) break;
      seen.push(...page.map(([k]) => k));
      after = page[page.length - 1]![0];
    }
    assert.deepEqual(seen, keys);
    dir.delete('t-010');
    assert.deepEqual([...dir.after('t-010')].slice(0, 2).map(([k]) => k), ['t-011', 't-012'], 'a deleted cursor still marks a place');
    assert.deepEqual([...dir.after('zzz')], []);
  });
});
