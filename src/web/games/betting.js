// What roulette and baccarat share: both are betting rounds — bets while the window is
// open, then one draw — with the adapter's view {phase, engine, staked, last}.
import { h } from '../dom.js';
import { fmt } from '../money.js';
import { betText } from '../outcomes.js';

export function bettingStatus(g, s) {
  return h('p', { class: 'status', testid: 'phase' },
    g.phase !== 'betting' ? 'Place a bet to start the round.' : s.table.shared ? 'Betting is open.' : 'Your bets are in: add more, or spin.');
}

export function myStake(g, ctx) {
  const mine = g.staked?.[ctx.me];
  return mine ? h('p', {}, `Your bets this round: ${fmt(mine)}`) : null;
}

export function lastPayout(g, ctx) {
  if (!g.last?.payouts || !(ctx.me in g.last.payouts)) return null;
  const won = g.last.payouts[ctx.me];
  return h('p', { class: `headline${won > 0 ? ' good' : ''}`, testid: 'last-payout' }, won > 0 ? `You got back ${fmt(won)}` : 'Your bets lost');
}

export function betsOnTable(g, ctx) {
  const bets = g.engine?.bets ?? [];
  return bets.length ? h('div', {}, h('h4', {}, 'On the table'), h('ul', { class: 'bets', testid: 'bets' }, bets.map((b) => h('li', {}, `${ctx.seatName(b.seat)}: ${betText(b)}`)))) : null;
}
