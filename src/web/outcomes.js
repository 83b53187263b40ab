// Rounds and bets in words, shared by the events log, the "Last rounds" panel and the game
// views: "banker wins 7–5", "100 on red", "18 red".
import { fmt } from './money.js';
import { cardsPlain } from './cards.js';

const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);

/** A roulette number's colour: green, red or black ('' for no number). */
export const colourOf = (n) => (typeof n !== 'number' ? '' : n === 0 ? 'green' : RED.has(n) ? 'red' : 'black');

export const STREET = { preflop: 'Pre-flop', flop: 'Flop', turn: 'Turn', river: 'River', complete: 'Hand over' };

/** A roulette or baccarat bet: "100 on red", "50 on split 17-18", "100 on banker". */
export function betText(b) {
  if (b.on) return `${fmt(b.amount)} on ${b.on.replace('_', ' ')}`;
  // Inside bets name their numbers; red, dozen and the other outside bets speak for themselves.
  const inside = ['straight', 'split', 'street', 'corner', 'six_line'].includes(b.type);
  const nums = inside && b.covers ? ` ${b.covers.join('-')}` : '';
  return `${fmt(b.amount)} on ${b.type.replace('_', ' ')}${nums}`;
}

/** A settled round's outcome in one line, per game. */
export function outcomeText(game, o) {
  if (!o || typeof o !== 'object') return 'done';
  switch (game) {
    case 'slots':
      return o.win > 0 ? `won ${fmt(o.win)}${o.free_spins ? ` with ${o.free_spins} free spins` : ''}` : 'no win';
    case 'roulette':
      return `${o.number} ${colourOf(o.number)}`;
    case 'baccarat':
      if (o.winner === 'tie') return `tie at ${o.player}`;
      return o.winner === 'player' ? `player wins ${o.player}–${o.banker}` : `banker wins ${o.banker}–${o.player}`;
    case 'blackjack':
      return `dealer ${o.blackjack ? 'blackjack' : o.total > 21 ? `busts with ${o.total}` : `has ${o.total}`}`;
    case 'holdem':
      return o.board?.length ? `board ${cardsPlain(o.board)}` : 'ended before the flop';
    default:
      return JSON.stringify(o).slice(0, 60);
  }
}
