// Drawing cards. A finite shoe is shuffled once (Fisher–Yates over `decks` decks) and
// then read in order; the cut card sits at `penetration` of the way through and is
// honoured between rounds. If a round ever empties the shoe (a full 7-seat table with
// a single deck), the discards are reshuffled: a fresh shoe minus the cards on the
// table, so no card is ever dealt more often than the shoe holds it.
// An infinite deck (decks = 0) draws every card independently, for simulations that
// must match the infinite-deck reference figures exactly.
import type { Card } from '../cards.ts';
import { freshDeck } from '../cards.ts';
import { shuffle } from '../rng/index.ts';
import type { Rng } from '../types.ts';
import type { BlackjackRules } from './rules.ts';
import type { BlackjackEvent, Shoe } from './state.ts';

export function shuffledShoe(rules: BlackjackRules, rng: Rng, onTable: readonly Card[] = []): Shoe {
  if (rules.decks === 0) return { cards: [], next: 0, cut: 0 };
  const deck = freshDeck(rules.decks);
  for (const c of onTable) deck.splice(deck.indexOf(c), 1);
  const cards = shuffle(rng, deck);
  // A shoe reshuffled mid-round (from the discards) is replaced before the next round.
  return { cards, next: 0, cut: onTable.length ? 0 : Math.floor(rules.decks * 52 * rules.penetration) };
}

export const cutCardReached = (rules: BlackjackRules, shoe: Shoe): boolean => rules.decks > 0 && shoe.next >= shoe.cut;

/** A step's mutable view of the shoe; the step copies the shoe record, never the card array. */
export class Drawer {
  shoe: Shoe;
  private readonly rules: BlackjackRules;
  private readonly rng: Rng;
  private readonly events: BlackjackEvent[];
  private readonly onTable: () => Card[];
  constructor(rules: BlackjackRules, shoe: Shoe, rng: Rng, events: BlackjackEvent[], onTable: () => Card[]) {
    this.rules = rules;
    this.shoe = { ...shoe };
    this.rng = rng;
    this.events = events;
    this.onTable = onTable;
  }

  draw(): Card {
    if (this.rules.decks === 0) return this.rng.int(52);
    if (this.shoe.next >= this.shoe.cards.length) {
      this.shoe = shuffledShoe(this.rules, this.rng, this.onTable());
      this.events.push({ type: 'shuffled', cards: this.shoe.cards.length });
    }
    return this.shoe.cards[this.shoe.next++]!;
  }
}
