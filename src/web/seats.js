// The seats above a table's game: who sits where at a shared table, "Take a seat" (with a
// buy-in at hold'em) or "Leave my seat"; a single-player table just says whose it is.
import { $, h } from './dom.js';

/** `ctx` is the table's view context (table.js): me, seatOf, push. */
export function renderSeats(s, ctx) {
  const mine = ctx.seatOf(s);
  if (!s.table.shared) {
    $('seats').replaceChildren(h('p', { class: 'muted' }, mine === null ? 'A table of your own: your first bet takes the seat.' : 'You are playing at this table.'));
    return;
  }
  const holdem = s.table.game === 'holdem';
  const bySeat = new Map((s.seats ?? []).map((x) => [x.seat, x]));
  const items = [];
  for (let i = 0; i < s.table.seats; i++) {
    const who = bySeat.get(i);
    const me = who?.player_id === ctx.me;
    items.push(h('li', { class: `seat${who ? ' taken' : ''}${me ? ' mine' : ''}`, dataset: { seat: i } },
      h('span', { class: 'seat-no' }, `Seat ${i + 1}`),
      who ? h('span', {}, me ? `${who.name} (you)` : who.name) : h('span', { class: 'muted' }, 'free')));
  }
  $('seats').replaceChildren(
    h('ul', { class: 'seat-list' }, items),
    mine === null
      ? h('div', { class: 'control-form' }, holdem ? buyInField() : null,
          h('button', { type: 'button', class: 'primary', testid: 'sit', onclick: () => sit(ctx) }, 'Take a seat'))
      : h('button', { type: 'button', testid: 'leave-seat', onclick: () => ctx.push('leave_seat', {}) }, holdem ? 'Leave my seat and cash out' : 'Leave my seat'),
  );
}

/** Poker: chips to take to the table; blank takes the table's usual buy-in. */
function buyInField() {
  const input = h('input', { type: 'number', inputmode: 'numeric', min: 1, id: 'buy-in', testid: 'buy-in', placeholder: 'table default' });
  return h('label', { class: 'field', for: 'buy-in' }, 'Buy-in', input);
}

function sit(ctx) {
  const buyIn = Number($('buy-in')?.value || 0);
  return ctx.push('sit', buyIn > 0 ? { buy_in: buyIn } : {});
}
