// The dealer's turn and the settlement. The dealer plays only while some hand can still
// win or lose against its total (not busted, surrendered, or a paid blackjack).
//
// Rounding: every payout is floored to a whole minor unit, so a 3:2 blackjack on an odd
// stake, a 6:5 blackjack on a stake not a multiple of 5, a surrender refund or half-stake
// insurance of an odd bet never cost the player a whole unit (see docs/game-math.md).
import type { Card } from '../cards.ts';
import type { BlackjackRules } from './rules.ts';
import type { BlackjackState, Hand, SeatResult } from './state.ts';
import { isNatural, totalOf, valueOf } from './hand.ts';
import { common, type Work } from './work.ts';

export function dealerHits(cards: readonly Card[], rules: BlackjackRules): boolean {
  const { total, soft } = valueOf(cards);
  return total < 17 || (total === 17 && soft && rules.dealerHitsSoft17);
}

export const blackjackWin = (stake: number, rules: BlackjackRules): number =>
  rules.blackjackPays === '3:2' ? Math.floor((stake * 3) / 2) : Math.floor((stake * 6) / 5);

export function handReturn(h: Hand, dealer: readonly Card[], rules: BlackjackRules): number {
  if (h.surrendered) return Math.floor(h.stake / 2);
  const total = totalOf(h.cards);
  if (total > 21) return 0;
  const mine = isNatural(h.cards, h.fromSplit);
  const theirs = isNatural(dealer);
  if (mine) return theirs ? h.stake : h.stake + blackjackWin(h.stake, rules);
  if (theirs) return 0;
  const d = totalOf(dealer);
  return d > 21 || total > d ? 2 * h.stake : total === d ? h.stake : 0;
}

function settleSeats(w: Work): SeatResult[] {
  const dealerNatural = isNatural(w.dealer);
  return w.seats.map((s) => {
    const ins = s.insurance ?? 0;
    let staked = ins;
    let won = dealerNatural ? 3 * ins : 0; // insurance pays 2:1
    for (const h of s.hands) {
      staked += h.stake;
      won += handReturn(h, w.dealer, w.rules);
    }
    return { seat: s.seat, staked, won };
  });
}

/** Reveals (or, without a hole card, deals) the dealer's second card, plays the dealer out and settles. */
export function finishRound(w: Work): BlackjackState {
  if (w.dealer.length < 2) w.dealer.push(w.drawer.draw());
  w.events.push({ type: 'dealer_revealed', cards: [...w.dealer], total: totalOf(w.dealer) });
  const live = (h: Hand) => !h.surrendered && totalOf(h.cards) <= 21 && !isNatural(h.cards, h.fromSplit);
  if (!isNatural(w.dealer) && w.seats.some((s) => s.hands.some(live))) {
    while (dealerHits(w.dealer, w.rules)) {
      const card = w.drawer.draw();
      w.dealer.push(card);
      w.events.push({ type: 'dealer_card', card, total: totalOf(w.dealer) });
    }
  }
  const results = settleSeats(w);
  const total = totalOf(w.dealer);
  w.events.push({ type: 'settled', outcome: { dealer: [...w.dealer], total, blackjack: isNatural(w.dealer) }, results });
  return { ...common(w), type: 'settled', dealerTotal: total, results };
}
