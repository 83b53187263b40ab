// Each game's part of the table page, by game id. A game is {view(g, s, ctx), controls(s,
// ctx) → {node, update?}} and optionally memory() (what the page keeps at one table, beyond
// the server's view), onState/onEvent (to keep it) and turnSeat(g) (for the countdown).
// `ctx` is the table's view context (table.js): me, memory, seatOf, seatName, nameOf, act.
import { h } from '../dom.js';
import { slots } from './slots.js';
import { roulette } from './roulette.js';
import { baccarat } from './baccarat.js';
import { blackjack } from './blackjack.js';
import { holdem } from './holdem.js';

// Any other game: its state as it comes, so a new adapter is visible before the page knows it.
const generic = {
  view: (g) => h('details', { open: true, class: 'raw' }, h('summary', {}, 'Game state'), h('pre', { testid: 'raw-state' }, JSON.stringify(g, null, 2))),
  controls: () => ({ node: h('p', { class: 'muted' }, 'This page has no controls for this game yet.') }),
};

const VIEWS = { slots, roulette, baccarat, blackjack, holdem };

export const gameView = (id) => VIEWS[id] ?? generic;
