// "What happened" at a table: each public event as a sentence ("You bet 100 on red", "The
// dealer draws 10♦ (total 22)"), newest first, the last MAX_EVENTS kept. An event type the
// page does not know is shown with its fields.
import { $, h } from './dom.js';
import { fmt } from './money.js';
import { cardsPlain } from './cards.js';
import { STREET, betText, colourOf, outcomeText } from './outcomes.js';

export const MAX_EVENTS = 60;

// "You" takes the verb's plain form ("You draw", "bob draws") and is "you" mid-sentence.
const does = (who, third, plain) => `${who} ${who === 'You' ? plain : third}`;
const them = (who) => (who === 'You' ? 'you' : who);

/** One event in words; `ctx` names seats and players (table.js), `game` is the table's game. */
export function describe(e, ctx, game) {
  const who = e.player_id ? ctx.nameOf(e.player_id) : null;
  const seat = (n) => ctx.seatName(n);
  switch (e.type) {
    case 'round_opened':
      return `New round ${e.round_id} (server seed hash ${String(e.server_seed_hash ?? '').slice(0, 12)}…)`;
    case 'settled': {
      const res = (e.results ?? []).map((r) => `${ctx.nameOf(r.player_id)} staked ${fmt(r.staked)}, got back ${fmt(r.won)}`).join('; ');
      return `Round settled — ${outcomeText(game, e.outcome)}. ${res}`;
    }
    case 'spin':
      return `${who} spun ${fmt(e.bet)}: ${e.win > 0 ? `won ${fmt(e.win)}` : 'no win'}${e.free_spins ? `, ${e.free_spins} free spins` : ''}`;
    case 'seated':
      return `${who ?? e.name} sat at seat ${e.seat + 1}`;
    case 'left_seat':
      return `${who ?? 'A player'} left seat ${e.seat + 1}`;
    case 'bets_placed':
      return `${who ?? `Seat ${e.seat + 1}`} bet ${(e.bets ?? []).map(betText).join(', ')}`;
    case 'bet_placed':
      return `${who ?? seat(e.seat)} bet ${fmt(e.amount)}`;
    case 'betting_open':
      return `Bets are open for ${Math.round(e.ms / 1000)} s`;
    case 'betting_closed':
      return 'No more bets';
    case 'spun':
      return `The ball lands on ${e.number} ${colourOf(e.number)}`;
    case 'dealt':
      return `Cards dealt: ${(e.seats ?? []).map((x) => `${seat(x.seat)} ${cardsPlain(x.cards)}`).join('; ')}; the dealer shows ${cardsPlain([e.dealer_up])}`;
    case 'card':
      return `${does(seat(e.seat), 'draws', 'draw')} ${cardsPlain([e.card])} (total ${e.total})`;
    case 'turn':
      return `${seat(e.seat)} to play${e.hand > 0 ? ` hand ${e.hand + 1}` : ''}`;
    case 'stood':
    case 'busted':
    case 'surrendered':
      return `${seat(e.seat)} ${e.type}`;
    case 'doubled':
      return `${does(seat(e.seat), 'doubles', 'double')}, adding ${fmt(e.stake)}`;
    case 'split':
      return does(seat(e.seat), 'splits', 'split');
    case 'timed_out':
      return `${seat(e.seat)} ran out of time: ${e.decision === 'no_insurance' ? 'no insurance' : 'stands'}`;
    case 'insurance_offered':
      return 'The dealer shows an ace: insurance is offered';
    case 'insurance':
      return `${does(seat(e.seat), 'takes', 'take')} insurance for ${fmt(e.amount)}`;
    case 'peeked':
      return e.blackjack ? 'The dealer has blackjack' : 'The dealer checks: no blackjack';
    case 'dealer_revealed':
      return `The dealer turns over: ${cardsPlain(e.cards)} (total ${e.total})`;
    case 'dealer_card':
      return `The dealer draws ${cardsPlain([e.card])} (total ${e.total})`;
    case 'bought_in':
      return `${e.player_id === ctx.me ? 'You buy' : `${ctx.nameOf(e.player_id)} buys`} in: ${fmt(e.stack)} in chips`;
    case 'hand_started':
      return `New hand: blinds ${fmt(e.small_blind)}/${fmt(e.big_blind)}${e.ante ? `, ante ${fmt(e.ante)}` : ''}; the button is at ${them(seat(e.button))}`;
    case 'blinds_posted':
      return (e.posts ?? []).map((p) => `${does(seat(p.seat), 'posts', 'post')} ${p.kind.replace('_', ' ')} ${fmt(p.amount)}`).join('; ');
    case 'action': {
      const moves = {
        fold: ['folds', 'fold'], check: ['checks', 'check'], call: [`calls ${fmt(e.amount)}`, `call ${fmt(e.amount)}`],
        bet: [`bets ${fmt(e.to)}`, `bet ${fmt(e.to)}`], raise: [`raises to ${fmt(e.to)}`, `raise to ${fmt(e.to)}`],
        all_in: [`is all in (${fmt(e.to)})`, `are all in (${fmt(e.to)})`],
      };
      const [third, plain] = moves[e.action] ?? [e.action, e.action];
      return `${does(seat(e.seat), third, plain)}${e.timeout ? ' (out of time)' : ''}`;
    }
    case 'bet_returned':
      return `${fmt(e.amount)} uncalled goes back to ${them(seat(e.seat))}`;
    case 'street':
      return `${STREET[e.street] ?? e.street}: ${cardsPlain(e.cards)} — the board is ${cardsPlain(e.board)}`;
    case 'pots':
      return `Pot${e.pots.length > 1 ? 's' : ''}: ${e.pots.map((p) => fmt(p.amount)).join(' + ')}`;
    case 'showdown':
      return `Showdown: ${(e.hands ?? []).map((x) => (x.mucked ? `${seat(x.seat)} mucks` : `${seat(x.seat)} ${cardsPlain(x.cards)} (${x.description})`)).join('; ')}`;
    case 'pot_awarded':
      return `${e.pot === 0 ? 'The pot' : `Side pot ${e.pot}`} of ${fmt(e.amount)} goes to ${(e.winners ?? []).map((w) => `${them(seat(w.seat))} (${fmt(w.amount)})`).join(' and ')}`;
    case 'shuffled':
      return `A fresh shoe of ${e.cards} cards is shuffled`;
    case 'table_restarted':
      return 'The table restarted; any interrupted round was resolved from its journal.';
    case 'table_closed':
      return 'The table closed.';
    case 'notice':
      return e.text;
    default: {
      const { seq, type, ...rest } = e;
      const body = JSON.stringify(rest);
      return `${String(type).replaceAll('_', ' ')}${body === '{}' ? '' : ` ${body.length > 160 ? `${body.slice(0, 160)}…` : body}`}`;
    }
  }
}

/** Adds an event at the top of the log. */
export function logLine(e, ctx, game) {
  const li = h('li', { class: `ev ev-${e.type}`, dataset: { type: e.type, seq: e.seq ?? '' } },
    typeof e.seq === 'number' ? h('span', { class: 'seq' }, `#${e.seq}`) : null, describe(e, ctx, game));
  const list = $('events');
  list.prepend(li);
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}
