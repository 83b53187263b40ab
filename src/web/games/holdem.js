// Texas Hold'em. The adapter's view (src/casino/adapters/holdem.ts): {stacks: {player_id:
// chips}, button, dealing, hand}, where hand is the engine's view (src/games/holdem/view.ts)
// or null between hands: {street, board, pots, seats[{seat, player_id, stack, committed,
// status, cards}], to_act, current_bet, legal{canFold, canCheck, canCall, callAmount,
// canBet, canRaise, minRaiseTo, maxRaiseTo}, result}.
//
// A finished hand leaves the view at once, so the page keeps the last one in the table's
// memory: its `settled` event (board, shown hands, what each player put in and took) and
// your own hole cards from the last view that had them. Between hands it is shown open;
// during the next hand it stays at hand, folded.
import { h } from '../dom.js';
import { fmt } from '../money.js';
import { cardsNode } from '../cards.js';
import { STREET } from '../outcomes.js';
import { numberInput, amountOf, buttonRow } from './controls.js';

const memory = () => ({ mine: null, last: null });

function onState(mem, g, ctx) {
  const cards = g?.hand?.seats?.find((p) => p.player_id === ctx.me)?.cards;
  if (cards?.some((c) => c !== null)) mem.mine = cards;
}

function onEvent(mem, e) {
  if (e.type === 'hand_started') mem.mine = null;
  if (e.type === 'settled') mem.last = { outcome: e.outcome ?? {}, results: e.results ?? [], mine: mem.mine };
}

function handNode(v, s, ctx) {
  const mine = ctx.seatOf(s);
  return [
    h('p', { class: 'status', testid: 'phase' }, `${STREET[v.street] ?? v.street}`,
      v.to_act === null || v.to_act === undefined ? '' : v.to_act === mine ? ' · your turn' : ` · ${ctx.seatName(v.to_act)} to act`,
      v.current_bet ? ` · bet to call ${fmt(v.current_bet)}` : ''),
    h('p', {}, h('strong', {}, 'Board '), cardsNode(v.board, 'board'),
      (v.pots ?? []).length ? ` · pot ${v.pots.map((p) => fmt(p.amount)).join(' + ')}` : ''),
    h('ul', { class: 'seat-list' }, (v.seats ?? []).map((p) => h('li', {
      class: `seat taken${p.seat === mine ? ' mine' : ''}${v.to_act === p.seat ? ' turn' : ''}`, testid: p.seat === mine ? 'my-seat' : undefined },
      h('span', { class: 'seat-no' }, `${ctx.seatName(p.seat)}${p.seat === v.button ? ' · dealer button' : ''}`),
      cardsNode(p.cards ?? [null, null], p.seat === mine ? 'my-cards' : undefined),
      h('span', {}, `stack ${fmt(p.stack)}${p.committed ? ` · in ${fmt(p.committed)}` : ''}${p.status && p.status !== 'active' ? ` · ${p.status.replace('_', ' ')}` : ''}`)))),
  ];
}

function lastHand(last, open, ctx) {
  const o = last.outcome;
  return h('details', { class: 'last-hand', testid: 'last-hand', open },
    h('summary', {}, h('strong', {}, 'Last hand')),
    o.board?.length ? h('p', {}, h('strong', {}, 'Board '), cardsNode(o.board, 'last-board')) : h('p', {}, 'The hand ended before the flop.'),
    last.mine ? h('p', {}, 'Your cards: ', cardsNode(last.mine, 'last-my-cards')) : null,
    (o.shown ?? []).map((x) => h('p', {}, `${ctx.seatName(x.seat)}: `, cardsNode(x.cards), ` ${x.description ?? ''}`)),
    h('ul', { class: 'results plain' }, last.results.map((r) => h('li', { class: r.player_id === ctx.me ? 'headline' : '' },
      `${ctx.nameOf(r.player_id)} put in ${fmt(r.staked)} and took ${fmt(r.won)}`))));
}

function view(g, s, ctx) {
  const v = g.hand;
  const stacks = g.stacks ?? {};
  const myChips = stacks[ctx.me];
  const parts = [];
  if (v) {
    parts.push(handNode(v, s, ctx));
  } else {
    const withChips = (s.seats ?? []).filter((x) => (stacks[x.player_id] ?? 0) > 0).length;
    parts.push(h('p', { class: 'status', testid: 'phase' }, g.dealing ? 'Dealing…' : withChips >= 2 ? 'The next hand starts in a moment.' : 'Waiting for a second player to sit down.'));
  }
  if (typeof myChips === 'number') parts.push(h('p', { testid: 'my-chips' }, `Your chips at this table: ${fmt(myChips)}`));
  if (ctx.memory.last) parts.push(lastHand(ctx.memory.last, !v, ctx));
  return h('div', { class: 'holdem' }, parts);
}

function controls(s, ctx) {
  const amount = numberInput('bet-amount', 'Amount (bet or raise to)', Math.max(s.table.min_bet, 100), { min: 1 });
  const mk = (action, label, withAmount) => h('button', { type: 'button', testid: action, dataset: { action }, onclick: () => ctx.act(action, withAmount ? { amount: amountOf(amount.input) } : {}) }, label);
  const buttons = { fold: mk('fold', 'Fold'), check: mk('check', 'Check'), call: mk('call', 'Call'), bet: mk('bet', 'Bet', true), raise: mk('raise', 'Raise', true), all_in: mk('all_in', 'All in') };
  const update = (st) => {
    const l = st.game?.hand?.legal ?? null;
    const can = { fold: l?.canFold, check: l?.canCheck, call: l?.canCall, bet: l?.canBet, raise: l?.canRaise, all_in: !!l };
    for (const [k, b] of Object.entries(buttons)) b.disabled = !l || !can[k];
    buttons.call.textContent = l?.canCall ? `Call ${fmt(l.callAmount)}` : 'Call';
    if (l && (l.canBet || l.canRaise)) {
      amount.input.min = l.minRaiseTo;
      amount.input.max = l.maxRaiseTo;
      if (amountOf(amount.input) < l.minRaiseTo || amountOf(amount.input) > l.maxRaiseTo) amount.input.value = l.minRaiseTo;
    }
  };
  return { node: h('div', { class: 'control-form' }, amount.node, buttonRow(Object.values(buttons))), update };
}

/** The seat whose turn the clock is running for (the countdown names it). */
const turnSeat = (g) => g?.hand?.to_act ?? null;

export const holdem = { memory, onState, onEvent, view, controls, turnSeat };
