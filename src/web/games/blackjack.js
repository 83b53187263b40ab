// Blackjack. The engine's view (src/games/blackjack/view.ts): {tag, bets, seats[{seat, bet,
// hands[{cards, total, ...}]}], dealer (hole card null), dealer_total, turn, legal, results};
// an adapter may wrap it as {engine}.
//
// The table's view goes back to betting the moment a round settles, so the page keeps the
// round itself in the table's memory: the last state with hands, moved on by the events
// that followed it (cards, splits, the dealer's play, the settlement). Between rounds the
// "Last hand" panel shows it, until the next deal puts new cards on the table.
import { h } from '../dom.js';
import { fmt } from '../money.js';
import { cardsNode } from '../cards.js';
import { numberInput, amountOf, buttonRow } from './controls.js';

const MOVES = [['hit', 'Hit'], ['stand', 'Stand'], ['double', 'Double'], ['split', 'Split'], ['surrender', 'Surrender']];

const engineOf = (g) => g?.engine ?? g ?? {};

/** What the page remembers at one table: the round in play and the last one settled. */
const memory = () => ({ round: null, last: null });

function onState(mem, g) {
  const v = engineOf(g);
  if (!v.seats) return;
  mem.round = structuredClone({ seats: v.seats, dealer: v.dealer ?? [], dealer_total: v.dealer_total ?? null });
}

function onEvent(mem, e) {
  if (e.type === 'dealt') {
    mem.round = { seats: (e.seats ?? []).map((x) => ({ seat: x.seat, hands: [{ cards: [...x.cards], total: null }] })), dealer: [e.dealer_up, null], dealer_total: null };
    return;
  }
  const r = mem.round;
  if (!r) return;
  const seat = e.seat === undefined ? null : r.seats.find((x) => x.seat === e.seat);
  const hand = seat?.hands?.[e.hand ?? 0] ?? null;
  switch (e.type) {
    case 'card':
      if (hand) Object.assign(hand, { cards: [...hand.cards, e.card], total: e.total });
      break;
    case 'split':
      if (hand) seat.hands.splice(e.hand + 1, 0, { cards: [hand.cards.pop()], total: null, stake: e.stake });
      break;
    case 'doubled':
      // The event names the stake added, which equals the hand's stake before the double.
      if (hand) Object.assign(hand, { doubled: true, stake: (hand.stake ?? e.stake) + e.stake });
      break;
    case 'surrendered':
      if (hand) hand.surrendered = true;
      break;
    case 'dealer_revealed':
      Object.assign(r, { dealer: [...e.cards], dealer_total: e.total });
      break;
    case 'dealer_card':
      r.dealer = [...r.dealer, e.card];
      r.dealer_total = e.total;
      break;
    case 'settled':
      Object.assign(r, { dealer: e.outcome?.dealer ?? r.dealer, dealer_total: e.outcome?.total ?? r.dealer_total, results: e.results, blackjack: e.outcome?.blackjack });
      mem.last = r;
      mem.round = null;
      break;
  }
}

function phaseText(v, mine, ctx) {
  switch (v.tag) {
    case 'betting':
      if (mine === null) return 'Take a seat, then bet.';
      return (v.bets ?? []).some((b) => b.seat === mine) ? 'Your bet is in: the cards come once everyone seated has bet.' : 'Place your bet.';
    case 'insurance':
      return 'The dealer shows an ace: take insurance or not?';
    case 'playing':
      if (!v.turn) return 'Playing.';
      return v.turn.seat === mine ? `Your turn${(v.seats?.find((x) => x.seat === mine)?.hands?.length ?? 1) > 1 ? ` (hand ${v.turn.hand + 1})` : ''}.` : `${ctx.seatName(v.turn.seat)} to play.`;
    case 'settled':
      return 'Round over.';
    default:
      return v.tag ?? '';
  }
}

/** The dealer and every seat's hands; `turn` marks the hand to play. */
function handsNode(r, s, ctx) {
  const names = new Map((s.seats ?? []).map((x) => [x.seat, x.name]));
  const mine = ctx.seatOf(s);
  return [
    h('div', { class: 'hand dealer' }, h('strong', {}, 'Dealer '), cardsNode(r.dealer, 'dealer-cards'), typeof r.dealer_total === 'number' ? ` = ${r.dealer_total}` : ''),
    (r.seats ?? []).map((seat) => h('div', { class: `hand${seat.seat === mine ? ' mine' : ''}`, dataset: { seat: seat.seat } },
      h('strong', {}, `${names.get(seat.seat) ?? `Seat ${seat.seat + 1}`}${seat.seat === mine ? ' (you)' : ''} `),
      (seat.hands ?? []).map((hand, i) => h('span', { class: `one-hand${r.turn?.seat === seat.seat && r.turn?.hand === i ? ' turn' : ''}`, testid: seat.seat === mine ? `my-hand-${i}` : undefined },
        cardsNode(hand.cards), typeof hand.total === 'number' ? ` = ${hand.total}` : '', hand.stake ? ` · bet ${fmt(hand.stake)}` : '',
        hand.doubled ? ' · doubled' : '', hand.surrendered ? ' · surrendered' : '')))),
  ];
}

function resultsNode(results, s, ctx) {
  const mine = ctx.seatOf(s);
  return h('ul', { class: 'results plain', testid: 'bj-results' }, results.map((r) => {
    const mineResult = r.player_id ? r.player_id === ctx.me : r.seat === mine;
    const who = r.player_id ? ctx.nameOf(r.player_id) : ctx.seatName(r.seat);
    return h('li', { class: mineResult ? 'headline' : '', dataset: { won: r.won, staked: r.staked } },
      mineResult ? `You staked ${fmt(r.staked)} and got back ${fmt(r.won)}` : `${who}: staked ${fmt(r.staked)}, got back ${fmt(r.won)}`);
  }));
}

function lastHand(last, s, ctx) {
  return h('section', { class: 'last-hand', testid: 'last-hand', 'aria-label': 'Last hand' },
    h('h4', {}, 'Last hand', last.blackjack ? ' — dealer blackjack' : ''),
    handsNode(last, s, ctx),
    last.results ? resultsNode(last.results, s, ctx) : null);
}

function view(g, s, ctx) {
  const v = engineOf(g);
  const mine = ctx.seatOf(s);
  const names = new Map((s.seats ?? []).map((x) => [x.seat, x.name]));
  // Cards on the table: the round in play. None (betting): the last hand, until the deal.
  const last = !v.seats ? ctx.memory.last : null;
  return h('div', { class: 'blackjack' },
    h('p', { class: 'status', testid: 'phase' }, phaseText(v, mine, ctx)),
    v.seats ? handsNode(v, s, ctx) : null,
    v.results ? resultsNode(v.results, s, ctx) : null,
    (v.bets ?? []).length ? h('ul', { class: 'bets' }, v.bets.map((b) => h('li', {}, `${names.get(b.seat) ?? `Seat ${b.seat + 1}`} bets ${fmt(b.amount)}`))) : null,
    last ? lastHand(last, s, ctx) : null);
}

function controls(s, ctx) {
  const amount = numberInput('bet-amount', 'Bet', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  const bet = h('button', { type: 'submit', class: 'primary', testid: 'bet' }, 'Bet');
  const moves = MOVES.map(([a, label]) => h('button', { type: 'button', testid: a, dataset: { move: a }, onclick: () => ctx.act(a) }, label));
  const insurance = h('button', { type: 'button', testid: 'insurance', onclick: () => ctx.act('insurance') }, 'Insurance');
  const noInsurance = h('button', { type: 'button', testid: 'no-insurance', onclick: () => ctx.act('no_insurance') }, 'No insurance');
  const node = h('div', {},
    h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); ctx.act('bet', { amount: amountOf(amount.input) }); } }, amount.node, bet),
    buttonRow(moves, insurance, noInsurance));
  const update = (st) => {
    const v = engineOf(st.game);
    const myTurn = v.tag === 'playing' && (!v.turn || v.turn.seat === ctx.seatOf(st));
    bet.disabled = v.tag !== undefined && v.tag !== 'betting' && v.tag !== 'settled';
    for (const b of moves) b.disabled = !myTurn || (Array.isArray(v.legal) && !v.legal.includes(b.dataset.move));
    insurance.disabled = noInsurance.disabled = v.tag !== 'insurance';
  };
  return { node, update };
}

/** The seat whose turn the clock is running for (the countdown names it). */
const turnSeat = (g) => engineOf(g).turn?.seat ?? null;

export const blackjack = { memory, onState, onEvent, view, controls, turnSeat };
