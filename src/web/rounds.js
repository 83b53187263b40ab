// "Last rounds" (game recall): GET /api/rounds?limit=10 on sign-in and after each settled
// round of the player — time, game, a one-line outcome, stake, paid and the net.
import { $, h, time } from './dom.js';
import { fmt, signed } from './money.js';
import { outcomeText } from './outcomes.js';
import { gameName } from './games/catalog.js';
import { api } from './session.js';

// Recall rows are snake_case (docs/protocol.md); the camelCase names of early servers are read too.
const pick = (r, camel, snake) => r[camel] ?? r[snake];

/** Loads and shows the player's last rounds; `onExpired` runs when the token is no longer good. */
export async function loadRounds(token, onExpired) {
  try {
    const { rounds } = await api('/api/rounds?limit=10', { token });
    showRounds(rounds ?? []);
  } catch (err) {
    if (err.status === 401) onExpired();
  }
}

export function clearRounds() {
  $('rounds').replaceChildren();
  $('rounds-empty').hidden = false;
}

function showRounds(rounds) {
  $('rounds-empty').hidden = rounds.length > 0;
  $('rounds').replaceChildren(...rounds.map(roundRow));
}

function roundRow(r) {
  const id = pick(r, 'roundId', 'round_id');
  const stake = r.stake;
  const payout = r.payout;
  const open = r.status !== 'settled';
  return h('tr', { dataset: { roundId: id, game: r.game, stake, payout: payout ?? '' }, title: `Round ${id} on ${pick(r, 'tableId', 'table_id')}` },
    h('td', {}, time(pick(r, 'settledAt', 'settled_at') ?? pick(r, 'openedAt', 'opened_at'))),
    h('td', {}, gameName(r.game),
      h('span', { class: 'outcome' }, open ? (r.status === 'open' ? 'in play' : r.status) : outcomeText(r.game, r.outcome))),
    h('td', { class: 'num' }, fmt(stake)),
    h('td', { class: 'num' }, open ? '…' : fmt(payout)),
    h('td', { class: `num ${open ? '' : payout > stake ? 'up' : payout < stake ? 'down' : ''}` }, open ? '' : signed(payout - stake)));
}
