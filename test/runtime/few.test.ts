import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fewAdd, fewDelete, fewItems, fewSize, type Few } from '../../src/runtime/few.ts';

describe('Few (inline one item, a small array, a Set past that)', () => {
  it('behaves as a Set under any sequence of adds and deletes', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ i }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 11 })), { maxLength: 80 }), (ops) => {
      let few: Few<{ i: number }> = null;
      const model = new Set<{ i: number }>();
      for (const [add, k] of ops) {
        if (add) {
          few = fewAdd(few, items[k]);
          model.add(items[k]);
        } else {
          few = fewDelete(few, items[k]);
          model.delete(items[k]);
        }
        assert.equal(fewSize(few), model.size);
        assert.deepEqual(new Set(fewItems(few)), model);
        if (model.size === 0) assert.equal(few, null);
      }
    }));
  });

  it('holds a single item inline, without a Set', () => {
    const a = { i: 1 };
    assert.equal(fewAdd(null, a), a);
    assert.equal(fewAdd(a, a), a);
    assert.ok(Array.isArray(fewAdd(a, { i: 2 })), 'two items: a small array');
  });

  it('turns into a Set past eight items, and keeps insertion order throughout', () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ i }));
    let few: Few<{ i: number }> = null;
    for (const x of items.slice(0, 8)) few = fewAdd(few, x);
    assert.ok(Array.isArray(few));
    few = fewAdd(few, items[8]!);
    assert.ok(few instanceof Set);
    assert.deepEqual(fewItems(few).map((x) => x.i), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
