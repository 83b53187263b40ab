// Cards shared by the card games: an integer 0..51, rank = card >> 2 (0 = deuce ... 12 = ace),
// suit = card & 3 (0 clubs, 1 diamonds, 2 hearts, 3 spades). Text form is rank + suit, e.g. "As", "Td".
export type Card = number;

export const RANKS = '23456789TJQKA';
export const SUITS = 'cdhs';

export const rankOf = (c: Card): number => c >> 2;
export const suitOf = (c: Card): number => c & 3;
export const makeCard = (rank: number, suit: number): Card => (rank << 2) | suit;

export function cardToString(c: Card): string {
  return RANKS[rankOf(c)]! + SUITS[suitOf(c)]!;
}

export function parseCard(s: string): Card {
  const r = RANKS.indexOf(s[0]?.toUpperCase() ?? '');
  const u = SUITS.indexOf(s[1]?.toLowerCase() ?? '');
  if (s.length !== 2 || r < 0 || u < 0) throw new Error(`not a card: ${JSON.stringify(s)}`);
  return makeCard(r, u);
}

/** One ordered 52-card deck, or n of them concatenated (a shoe). */
export function freshDeck(decks = 1): Card[] {
  const out: Card[] = [];
  for (let d = 0; d < decks; d++) for (let c = 0; c < 52; c++) out.push(c);
  return out;
}
