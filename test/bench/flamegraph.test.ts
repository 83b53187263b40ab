// The flame graph drawn from a V8 CPU profile: busy time only, merged by name under a
// parent, start-up skipped on request, and an SVG whose frames carry their shares.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, renderSvg, topSelf } from '../../bench/flamegraph.ts';

const cf = (functionName: string, url = 'file:///x/src/a.ts') => ({ functionName, url, lineNumber: 0 });
// root → main → {work, idle}; main → work again through another node (merged by name).
const profile = {
  nodes: [
    { id: 1, callFrame: cf('(root)', ''), children: [2, 5] },
    { id: 2, callFrame: cf('main'), children: [3, 4] },
    { id: 3, callFrame: cf('work') },
    { id: 4, callFrame: cf('dep', 'file:///x/node_modules/pg/lib/c.js') },
    { id: 5, callFrame: cf('(idle)', '') },
  ],
  samples: [3, 3, 4, 5, 5, 5, 2, 3],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
};

describe('bench/flamegraph', () => {
  it('counts busy samples only, by frame, with self and total time', () => {
    const root = buildTree(profile);
    assert.equal(root.total, 500); // 8 samples, 3 idle
    const main = root.children.get('main src/a.ts:1')!;
    assert.equal(main.total, 500);
    assert.equal(main.self, 100);
    assert.equal(main.children.get('work src/a.ts:1')!.total, 300);
    assert.equal(main.children.get('dep pg/lib/c.js:1')!.kind, 'dep');
    assert.deepEqual(topSelf(root, 1), [{ name: 'work src/a.ts:1', share: 0.6 }]);
  });

  it('leaves out the first milliseconds when asked', () => {
    assert.equal(buildTree(profile, 0.25).total, 300); // the first two samples (at 0.1 and 0.2 ms) skipped
  });

  it('draws each visible frame with its share in a tooltip', () => {
    const svg = renderSvg(buildTree(profile), { title: 't', minShare: 0.001 });
    assert.match(svg, /<title>work src\/a\.ts:1 — 60\.00% of busy time \(self 60\.00%\)<\/title>/);
    assert.match(svg, /<title>dep pg\/lib\/c\.js:1 — 20\.00% of busy time/);
    assert.doesNotMatch(svg, /<title>\(idle\)/);
  });
});
