// Roulette: the last number on its colour, what you got back, the bets on the table.
import { h } from '../dom.js';
import { colourOf } from '../outcomes.js';
import { numberInput, amountOf } from './controls.js';
import { bettingStatus, betsOnTable, lastPayout, myStake } from './betting.js';

/** [type, label, how many numbers it names] */
const TYPES = [
  ['red', 'Red', 0], ['black', 'Black', 0], ['odd', 'Odd', 0], ['even', 'Even', 0], ['low', 'Low 1–18', 0], ['high', 'High 19–36', 0],
  ['dozen', 'Dozen (1, 2 or 3)', 1], ['column', 'Column (1, 2 or 3)', 1], ['straight', 'Straight (one number)', 1],
  ['split', 'Split (2 numbers)', 2], ['street', 'Street (3 numbers)', 3], ['corner', 'Corner (4 numbers)', 4], ['six_line', 'Six line (6 numbers)', 6],
];

const pocket = (n, big = false) => h('span', { class: `pocket ${colourOf(n)}${big ? ' big' : ''}`, testid: big ? 'roulette-number' : undefined }, String(n));

function view(g, s, ctx) {
  return h('div', { class: 'roulette' },
    bettingStatus(g, s),
    h('div', { class: 'last-number' }, 'Last number: ', typeof g.last?.number === 'number' ? pocket(g.last.number, true) : h('span', { class: 'muted' }, 'none yet')),
    lastPayout(g, ctx),
    betsOnTable(g, ctx),
    myStake(g, ctx));
}

function controls(s, ctx) {
  const type = h('select', { id: 'bet-type', testid: 'bet-type' }, TYPES.map(([v, label]) => h('option', { value: v }, label)));
  const numbers = h('input', { id: 'bet-numbers', testid: 'bet-numbers', placeholder: 'e.g. 17 or 1, 2', size: 14 });
  const numbersField = h('label', { class: 'field', for: 'bet-numbers' }, 'Numbers', numbers);
  const syncNumbers = () => (numbersField.hidden = TYPES.find(([v]) => v === type.value)[2] === 0);
  type.addEventListener('change', syncNumbers);
  syncNumbers();
  const amount = numberInput('bet-amount', 'Amount', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  const spin = h('button', { type: 'button', class: 'primary', testid: 'spin', onclick: () => ctx.act('spin') }, 'Spin the wheel');
  const place = () => {
    const bet = { type: type.value, amount: amountOf(amount.input) };
    if (!numbersField.hidden) bet.numbers = numbers.value.split(/[\s,]+/).filter(Boolean).map(Number);
    ctx.act('bet', { bets: [bet] });
  };
  const form = h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); place(); } },
    h('label', { class: 'field', for: 'bet-type' }, 'Bet', type), numbersField, amount.node,
    h('button', { type: 'submit', testid: 'place-bet' }, 'Place bet'), s.table.shared ? null : spin);
  return { node: form, update: (st) => (spin.disabled = st.game?.phase !== 'betting') };
}

export const roulette = { view, controls };
