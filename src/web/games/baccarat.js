// Baccarat (punto banco): the last coup — player and banker cards, totals, the winner —
// what you got back, and the bets on the table.
import { h } from '../dom.js';
import { cardsNode } from '../cards.js';
import { numberInput, amountOf, buttonRow } from './controls.js';
import { bettingStatus, betsOnTable, lastPayout, myStake } from './betting.js';

const SIDES = [['player', 'Player'], ['banker', 'Banker'], ['tie', 'Tie'], ['player_pair', 'Player pair'], ['banker_pair', 'Banker pair']];

function coup(o) {
  if (!o) return h('p', { class: 'muted' }, 'No coup dealt yet.');
  return h('div', { class: 'coup', testid: 'coup' },
    h('p', {}, h('strong', {}, 'Player '), cardsNode(o.player_cards, 'player-cards'), ` = ${o.player}`),
    h('p', {}, h('strong', {}, 'Banker '), cardsNode(o.banker_cards, 'banker-cards'), ` = ${o.banker}`),
    h('p', { class: 'headline' }, o.winner === 'tie' ? 'Tie' : `${o.winner === 'player' ? 'Player' : 'Banker'} wins`));
}

function view(g, s, ctx) {
  return h('div', { class: 'baccarat' }, bettingStatus(g, s), coup(g.last), lastPayout(g, ctx), betsOnTable(g, ctx), myStake(g, ctx));
}

function controls(s, ctx) {
  const amount = numberInput('bet-amount', 'Amount', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  const bet = (on) => ctx.act('bet', { bets: [{ on, amount: amountOf(amount.input) }] });
  return {
    node: h('div', { class: 'control-form' }, amount.node,
      buttonRow(SIDES.map(([on, label]) => h('button', { type: 'button', testid: `bet-${on}`, onclick: () => bet(on) }, `Bet ${label}`)))),
  };
}

export const baccarat = { view, controls };
