// The games the page knows, as the lobby offers them.
export const GAMES = [
  { id: 'slots', name: 'Slots', about: '5 reels, pay lines, free spins' },
  { id: 'roulette', name: 'Roulette', about: 'European wheel, single zero' },
  { id: 'blackjack', name: 'Blackjack', about: 'Beat the dealer to 21' },
  { id: 'baccarat', name: 'Baccarat', about: 'Punto banco: player, banker or tie' },
  { id: 'holdem', name: "Texas Hold'em", about: 'No-limit poker against other players' },
];

/** "Texas Hold'em" for 'holdem'; an unknown game keeps its id. */
export const gameName = (id) => GAMES.find((g) => g.id === id)?.name ?? id;
