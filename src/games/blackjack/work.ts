// A step's private working copy of a dealt round. Steps copy the seats and hands once,
// mutate the copy while applying the rules, and freeze it back into a state, so the
// caller's state is never touched (a rejected or replayed action sees the original).
import type { Card } from '../cards.ts';
import type { Rng } from '../types.ts';
import type { BlackjackRules } from './rules.ts';
import type { BlackjackEvent, Hand, SeatState, Shoe } from './state.ts';
import { Drawer } from './shoe.ts';

export interface Work {
  round: number;
  rules: BlackjackRules;
  seats: SeatState[];
  dealer: Card[];
  drawer: Drawer;
  events: BlackjackEvent[];
}

const copyHand = (h: Hand): Hand => ({ ...h, cards: [...h.cards] });

export function openWork(
  s: { round: number; rules: BlackjackRules; shoe: Shoe; seats: readonly SeatState[]; dealer: readonly Card[] },
  rng: Rng,
): Work {
  const events: BlackjackEvent[] = [];
  const seats = s.seats.map((x) => ({ ...x, hands: x.hands.map(copyHand) }));
  const dealer = [...s.dealer];
  const onTable = () => [...dealer, ...seats.flatMap((x) => x.hands.flatMap((h) => h.cards))];
  return { round: s.round, rules: s.rules, seats, dealer, drawer: new Drawer(s.rules, s.shoe, rng, events, onTable), events };
}

export const common = (w: Work) => ({ round: w.round, rules: w.rules, shoe: w.drawer.shoe, seats: w.seats, dealer: w.dealer });
