// Rendezvous placement, as properties over generated node sets and keys: the owner is one
// of the nodes and does not depend on their order; when a node leaves only its keys move,
// when one joins only keys it wins move (to it); keys spread evenly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ownerOf, preference } from '../../src/cluster/placement.ts';

const nodeId = fc.stringMatching(/^[a-z0-9-]{1,16}$/);
const nodes = fc.uniqueArray(nodeId, { minLength: 1, maxLength: 12 });
const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 200 });

describe('rendezvous placement', () => {
  it('picks one of the nodes, whatever their order (stable)', () => {
    fc.assert(fc.property(nodes, keys, fc.infiniteStream(fc.nat()), (ns, ks, noise) => {
      const shuffled = [...ns].sort(() => (noise.next().value % 3) - 1);
      for (const k of ks) {
        const o = ownerOf(k, ns);
        assert.ok(o !== null && ns.includes(o));
        assert.equal(ownerOf(k, shuffled), o);
        assert.equal(preference(k, ns)[0], o);
      }
    }));
  });

  it('has no owner without nodes', () => {
    assert.equal(ownerOf('baccarat-1', []), null);
  });

  it('moves only the leaving node\'s keys when a node leaves', () => {
    fc.assert(fc.property(nodes.filter((n) => n.length >= 2), keys, fc.nat(), (ns, ks, pick) => {
      const gone = ns[pick % ns.length]!;
      const rest = ns.filter((n) => n !== gone);
      for (const k of ks) {
        const before = ownerOf(k, ns);
        const after = ownerOf(k, rest);
        if (before !== gone) assert.equal(after, before, 'a key of a remaining node stays');
        else assert.equal(after, preference(k, ns)[1], 'a moved key goes to its second choice');
      }
    }));
  });

  it('moves keys only to the joining node when a node joins', () => {
    fc.assert(fc.property(nodes, nodeId, keys, (ns, joining, ks) => {
      fc.pre(!ns.includes(joining));
      for (const k of ks) {
        const before = ownerOf(k, ns);
        const after = ownerOf(k, [...ns, joining]);
        assert.ok(after === before || after === joining);
      }
    }));
  });

  it('spreads keys evenly (each node within 25% of the mean over 4,000 keys)', () => {
    fc.assert(fc.property(fc.uniqueArray(nodeId, { minLength: 2, maxLength: 8 }), fc.string({ maxLength: 8 }), (ns, salt) => {
      const count = new Map(ns.map((n) => [n, 0]));
      const n = 4000;
      for (let i = 0; i < n; i++) {
        const o = ownerOf(`${salt}table-${i}`, ns)!;
        count.set(o, count.get(o)! + 1);
      }
      const mean = n / ns.length;
      for (const [node, c] of count) assert.ok(Math.abs(c - mean) < mean * 0.25, `${node} got ${c} of ${n} (mean ${mean})`);
    }), { numRuns: 40 });
  });

  it('moves about 1/N of the keys when an N-th node joins', () => {
    const ns = ['node-a', 'node-b', 'node-c'];
    let moved = 0;
    const n = 6000;
    for (let i = 0; i < n; i++) if (ownerOf(`t-${i}`, ns) !== ownerOf(`t-${i}`, [...ns, 'node-d'])) moved++;
    assert.ok(Math.abs(moved / n - 0.25) < 0.03, `moved ${moved} of ${n}`);
  });
});
