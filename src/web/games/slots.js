// Slots: the machine's window as a reels × rows grid, each winning line's cells lit.
// The adapter's view: {machine: {name, reels, rows, paylines}, last: {window, wins, win, free_spins}, spinning}.
// No `state` follows a spin (docs/protocol.md): its `settled` event carries the new `last`
// as its `outcome`, kept in memory and shown until a newer state comes.
import { h } from '../dom.js';
import { fmt } from '../money.js';
import { numberInput, amountOf } from './controls.js';

const SYMBOL_LABEL = { W: 'WILD', S: 'SCATTER', T: '10' };

function litCells(m, last) {
  const lit = new Set();
  const window = last?.window;
  for (const w of last?.wins ?? []) {
    if (w.kind === 'line' && m.paylines?.[w.line]) {
      for (let reel = 0; reel < w.count; reel++) lit.add(`${reel}:${m.paylines[w.line][reel]}`);
    } else if (w.kind === 'scatter' && window) {
      window.forEach((col, reel) => col.forEach((sym, row) => sym === w.symbol && lit.add(`${reel}:${row}`)));
    }
  }
  return lit;
}

/** The newest settled spin seen as an event (its seq orders it against the states). */
function memory() {
  return { last: null, seq: -1, round: null };
}

/** A settled spin: the window to show. True: the page redraws. */
function onEvent(mem, e) {
  if (e.type !== 'settled' || !Array.isArray(e.outcome?.window) || !(e.seq > mem.seq)) return false;
  Object.assign(mem, { last: e.outcome, seq: e.seq, round: e.round_id ?? null });
  return true;
}

function view(g, s, ctx) {
  const m = g.machine ?? { rows: 3, reels: 5, paylines: [], name: 'Slot machine' };
  const mem = ctx?.memory;
  const fromEvent = mem?.last && mem.seq >= (s?.seq ?? 0);
  const last = fromEvent ? mem.last : g.last;
  const window = last?.window;
  const lit = litCells(m, last);
  const cells = [];
  for (let row = 0; row < m.rows; row++) {
    for (let reel = 0; reel < m.reels; reel++) {
      const sym = window?.[reel]?.[row];
      cells.push(h('div', { class: `reel-cell${lit.has(`${reel}:${row}`) ? ' lit' : ''}${sym === undefined ? ' blank' : ''}`, role: 'gridcell' },
        sym === undefined ? '·' : (SYMBOL_LABEL[sym] ?? sym)));
    }
  }
  const grid = h('div', { class: 'slot-window', role: 'grid', testid: 'slot-window',
    'aria-label': window ? `Reels: ${window.map((c) => c.join(' ')).join(' | ')}` : 'Reels not spun yet' }, cells);
  grid.style.setProperty('--reels', String(m.reels)); // CSSOM, not a style attribute: allowed by the page's CSP
  const result = last
    ? h('div', { class: 'result', testid: 'slot-result', dataset: { win: last.win, round: fromEvent ? (mem.round ?? '') : '' } },
        h('p', { class: `headline${last.win > 0 ? ' good' : ''}` }, last.win > 0 ? `You win ${fmt(last.win)}` : 'No win this time'),
        last.wins?.length
          ? h('ul', { class: 'wins' }, last.wins.map((w) => h('li', {}, w.kind === 'line'
              ? `Line ${w.line + 1}: ${w.count} × ${SYMBOL_LABEL[w.symbol] ?? w.symbol} pays ${fmt(w.amount)}`
              : `${w.count} scatters pay ${fmt(w.amount)}`)))
          : null,
        last.free_spins ? h('p', {}, `Free spins played: ${last.free_spins} (their wins are included)`) : null)
    : h('p', { class: 'muted', testid: 'slot-result' }, 'Choose a bet and spin.');
  return h('div', { class: 'slots' }, h('p', { class: 'muted' }, `${m.name} · ${m.paylines?.length ?? '?'} lines`), grid, result);
}

function controls(s, ctx) {
  const lines = s.game?.machine?.paylines?.length || 1;
  const min = Math.ceil(s.table.min_bet / lines) * lines;
  const bet = numberInput('bet-amount', 'Total bet', Math.max(min, Math.min(5 * lines, s.table.max_bet)), { min, step: lines });
  const spin = h('button', { type: 'submit', class: 'primary', testid: 'spin' }, 'Spin');
  const form = h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); ctx.act('spin', { bet: amountOf(bet.input) }); } },
    bet.node, spin, h('span', { class: 'muted' }, `in steps of ${lines} (one per line)`));
  return { node: form, update: (st) => (spin.disabled = !!st.game?.spinning) };
}

export const slots = { memory, onEvent, view, controls };
