// Small line charts, hand-drawn in SVG: the last minutes of a figure or two, scaled to
// their own maximum. One chart is {el, draw(points)}; `points` are the feed's chart points
// (`{t, system: {...}, tables: {...}, players: {...}}`), newest last.
import { h } from '../dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 90;

const svg = (tag, attrs = {}) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

const bytes = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${Math.round(n / 1e6)} MB`);
const plain = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10));
const ms = (n) => `${plain(n)} ms`;

/** The charts the dashboard knows: each reads one group of a point (the role may lack it). */
export const CHARTS = [
  { id: 'connections', title: 'Connections', group: 'system', series: [['sockets', (p) => p.system.connections]], fmt: plain },
  { id: 'messages', title: 'Messages per second', group: 'system', series: [['in', (p) => p.system.messages_in_per_s], ['out', (p) => p.system.messages_out_per_s]], fmt: plain },
  { id: 'bets', title: 'Bets per second', group: 'tables', series: [['bets', (p) => p.tables.bets_per_s]], fmt: plain },
  { id: 'players', title: 'Players online', group: 'players', series: [['players', (p) => p.players.online]], fmt: plain },
  { id: 'latency', title: 'Round settlement', group: 'system', series: [['p50', (p) => p.system.settle_p50_ms], ['p95', (p) => p.system.settle_p95_ms]], fmt: ms },
  { id: 'memory', title: 'Memory', group: 'system', series: [['rss', (p) => p.system.rss], ['heap', (p) => p.system.heap_used]], fmt: bytes },
];

export function lineChart(def) {
  const now = h('span', { class: 'chart-now', testid: `chart-${def.id}-now` }, '–');
  const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': def.title });
  const foot = h('div', { class: 'chart-foot' });
  const legend = def.series.length > 1 ? h('div', { class: 'legend' }, def.series.map(([name], i) => h('span', { class: `k${i}` }, name))) : null;
  const el = h('figure', { class: 'chart', testid: `chart-${def.id}` },
    h('div', { class: 'chart-head' }, h('h3', {}, def.title), now), plot, legend, foot);
  el.append();
  return {
    el,
    draw(points) {
      const pts = points.filter((p) => p[def.group]);
      plot.replaceChildren();
      for (const y of [0.25, 0.5, 0.75]) plot.append(svg('line', { class: 'grid', x1: 0, x2: W, y1: H * y, y2: H * y }));
      if (pts.length === 0) return;
      const t0 = pts[0].t;
      const t1 = Math.max(pts.at(-1).t, t0 + 1);
      let max = 0;
      for (const p of pts) for (const [, get] of def.series) max = Math.max(max, get(p) ?? 0);
      max = max > 0 ? max * 1.15 : 1;
      def.series.forEach(([, get], i) => {
        const xy = pts.filter((p) => get(p) !== null && get(p) !== undefined)
          .map((p) => `${(((p.t - t0) / (t1 - t0)) * W).toFixed(1)},${(H - (get(p) / max) * (H - 4) - 2).toFixed(1)}`);
        if (xy.length > 0) plot.append(svg('polyline', { class: `line s${i}`, points: xy.join(' ') }));
      });
      const last = pts.at(-1);
      now.textContent = def.series.map(([name, get]) => {
        const v = get(last);
        return `${def.series.length > 1 ? `${name} ` : ''}${v === null || v === undefined ? '–' : def.fmt(v)}`;
      }).join(' · ');
      const mins = Math.max(1, Math.round((t1 - t0) / 60_000));
      foot.replaceChildren(h('span', {}, `last ${mins} min`), h('span', {}, `max ${def.fmt(max / 1.15)}`));
    },
  };
}
