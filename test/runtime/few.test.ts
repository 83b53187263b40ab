import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fewAdd, fewDelete, fewItems, fewSize, type Few } from '../../src/runtime/few.ts';

describe('Few (inline one item, a Set past that)', () => {
  it('behaves as a Set under any sequence of adds and deletes', () => {
    const items = Array.from({ length: 4 }, (_, i) => ({ i }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }), (ops) => {
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
    assert.ok(fewAdd(a, { i: 2 }) instanceof Set);
  });
});
