// `node bench/flamegraph.ts <profile.cpuprofile> <out.svg> [--title text] [--min 0.002] [--skip-ms N]`:
// a V8 CPU profile (`node --cpu-prof`, or PITBOSS_BENCH_CPU_PROF=<dir> for bench servers)
// drawn as a standalone flame graph SVG — the root at the bottom, a frame's width its share
// of the busy samples, hover for the numbers. Idle time is left out, so the widths add up
// to where the CPU went. Written here because the npm tools that read .cpuprofile files
// render HTML pages for a browser, and docs/img wants a picture that GitHub shows inline.
// Colours: Pitboss's own code warm, dependencies blue, Node's internals grey, GC red.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** A frame in the merged tree: same name under the same parent is one frame. */
interface Frame { name: string; kind: 'own' | 'dep' | 'node' | 'gc'; self: number; total: number; children: Map<string, Frame> }

const IDLE = new Set(['(idle)', '(program)']);

function label(cf: CallFrame): string {
  const fn = cf.functionName || '(anonymous)';
  if (!cf.url) return fn;
  const path = cf.url.replace(/^file:\/\//, '');
  const short = path.includes('/node_modules/') ? path.slice(path.lastIndexOf('/node_modules/') + 14) : path.replace(/^.*?\/(src|bench|test)\//, '$1/');
  return `${fn} ${short}:${cf.lineNumber + 1}`;
}

function kindOf(cf: CallFrame): Frame['kind'] {
  if (cf.functionName === '(garbage collector)') return 'gc';
  if (cf.url.includes('/node_modules/')) return 'dep';
  if (/\/(src|bench)\//.test(cf.url)) return 'own';
  return 'node';
}

/** `skipMs`: samples in the profile's first milliseconds (start-up, module loading) are left out. */
export function buildTree(p: CpuProfile, skipMs = 0): Frame {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<number, number>();
  let at = 0;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    if (at >= skipMs * 1000) selfTime.set(id, (selfTime.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const root: Frame = { name: 'all', kind: 'node', self: 0, total: 0, children: new Map() };
  const walk = (node: ProfileNode, into: Frame): number => {
    let total = 0;
    const self = selfTime.get(node.id) ?? 0;
    if (!IDLE.has(node.callFrame.functionName)) total += self;
    for (const c of node.children ?? []) {
      const child = byId.get(c)!;
      if (IDLE.has(child.callFrame.functionName)) continue;
      const name = label(child.callFrame);
      let f = into.children.get(name);
      if (!f) into.children.set(name, (f = { name, kind: kindOf(child.callFrame), self: 0, total: 0, children: new Map() }));
      const t = walk(child, f);
      f.total += t;
      total += t;
    }
    into.self += node === p.nodes[0] ? 0 : self;
    return total;
  };
  root.total = walk(p.nodes[0], root);
  return root;
}

const COLOURS: Record<Frame['kind'], [number, number]> = { own: [20, 45], dep: [200, 225], node: [0, 0], gc: [355, 360] };

function colour(f: Frame): string {
  const [a, b] = COLOURS[f.kind];
  let h = 0;
  for (const ch of f.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = a + (h % Math.max(1, b - a + 1));
  return f.kind === 'node' ? `hsl(0,0%,${70 + (h % 15)}%)` : `hsl(${hue},${f.kind === 'gc' ? 70 : 75}%,${62 + (h % 10)}%)`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderSvg(root: Frame, opts: { title: string; minShare: number; width?: number }): string {
  const W = opts.width ?? 1200;
  const ROW = 17;
  const PAD = 10;
  const rects: string[] = [];
  let depthMax = 0;
  const draw = (f: Frame, x: number, depth: number) => {
    const w = (f.total / root.total) * (W - 2 * PAD);
    if (f.total / root.total < opts.minShare) return;
    depthMax = Math.max(depthMax, depth);
    rects.push(`${depth}|${x}|${w}|${esc(f.name)}|${colour(f)}|${((100 * f.total) / root.total).toFixed(2)}|${((100 * f.self) / root.total).toFixed(2)}`);
    let cx = x;
    for (const c of [...f.children.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      draw(c, cx, depth + 1);
      cx += (c.total / root.total) * (W - 2 * PAD);
    }
  };
  draw(root, PAD, 0);
  const H = (depthMax + 1) * ROW + 60;
  const body = rects.map((r) => {
    const [d, x, w, name, fill, total, self] = r.split('|');
    const y = H - 20 - (Number(d) + 1) * ROW;
    const chars = Math.floor((Number(w) - 6) / 6.6);
    const text = chars >= 3 ? `<text x="${(Number(x) + 3).toFixed(1)}" y="${y + 12}">${name.length > chars ? `${name.slice(0, chars - 1)}…` : name}</text>` : '';
    return `<g><title>${name} — ${total}% of busy time (self ${self}%)</title><rect x="${Number(x).toFixed(1)}" y="${y}" width="${Math.max(0.1, Number(w) - 0.5).toFixed(1)}" height="${ROW - 1}" fill="${fill}" rx="1"/>${text}</g>`;
  });
  return `<?xml version="1.0" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Verdana, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fdfdf8"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(opts.title)}</text>
<text x="${PAD}" y="${H - 5}" font-size="10" fill="#555">width = share of busy CPU samples (idle left out); warm: Pitboss, blue: dependencies, grey: Node internals, red: GC; frames under ${(opts.minShare * 100).toFixed(1)}% hidden</text>
${body.join('\n')}
</svg>
`;
}

/** The busy time's top self-time frames: for the paragraph beside the picture. */
export function topSelf(root: Frame, n: number): Array<{ name: string; share: number }> {
  const self = new Map<string, number>();
  const walk = (f: Frame) => {
    self.set(f.name, (self.get(f.name) ?? 0) + f.self);
    for (const c of f.children.values()) walk(c);
  };
  walk(root);
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, t]) => ({ name, share: t / root.total }));
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
    title: { type: 'string' }, min: { type: 'string', default: '0.002' }, top: { type: 'string', default: '15' }, 'skip-ms': { type: 'string', default: '0' },
  } });
  const [input, output] = positionals;
  if (!input || !output) {
    console.error('usage: node bench/flamegraph.ts <profile.cpuprofile> <out.svg> [--title text] [--min 0.002] [--top 15] [--skip-ms 0]');
    process.exit(2);
  }
  const root = buildTree(JSON.parse(readFileSync(input, 'utf8')) as CpuProfile, Number(values['skip-ms']));
  writeFileSync(output, renderSvg(root, { title: values.title ?? input, minShare: Number(values.min) }));
  console.log(`${output}: ${(root.total / 1000).toFixed(0)} ms busy; top self time:`);
  for (const t of topSelf(root, Number(values.top))) console.log(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.name}`);
}
