// The players' turns: seats in seat order, each seat's hands left to right. A split
// hand receives its second card when play reaches it, as at a live table.
import { rankOf } from '../cards.ts';
import type { RuleError } from '../types.ts';
import { ruleError } from '../types.ts';
import type { BlackjackRules } from './rules.ts';
import type { BlackjackState, Hand, PlayerMove, SeatState } from './state.ts';
import { ACE, totalOf, valueOf } from './hand.ts';
import { finishRound } from './dealer.ts';
import { common, type Work } from './work.ts';

const isSplitAce = (h: Hand): boolean => h.fromSplit && rankOf(h.cards[0]!) === ACE;

function canSplit(rules: BlackjackRules, seat: SeatState, h: Hand): boolean {
  return h.cards.length === 2 && rankOf(h.cards[0]!) === rankOf(h.cards[1]!) && seat.hands.length < rules.maxHands && (!isSplitAce(h) || rules.resplitAces);
}

/** What the player may do with this hand now. */
export function legalMoves(rules: BlackjackRules, seat: SeatState, h: Hand): Set<PlayerMove> {
  if (h.done) return new Set();
  const moves = new Set<PlayerMove>(['stand']);
  const lockedAce = isSplitAce(h) && !rules.hitSplitAces; // one card to split aces (a resplit aside)
  if (!lockedAce) moves.add('hit');
  const total = valueOf(h.cards).total;
  if (!lockedAce && h.cards.length === 2 && (!h.fromSplit || rules.doubleAfterSplit) && (rules.doubleOn === 'any' || (total >= 9 && total <= 11))) moves.add('double');
  if (canSplit(rules, seat, h)) moves.add('split');
  if (rules.surrender && h.cards.length === 2 && !h.fromSplit) moves.add('surrender');
  return moves;
}

/** Gives a split hand its second card and closes hands that allow no decision. */
function prepare(w: Work, seat: SeatState, i: number): void {
  const h = seat.hands[i]!;
  if (h.cards.length === 1) {
    const card = w.drawer.draw();
    h.cards.push(card);
    w.events.push({ type: 'card', seat: seat.seat, hand: i, card, total: totalOf(h.cards) });
  }
  if (totalOf(h.cards) >= 21) h.done = true;
  else if (isSplitAce(h) && !w.rules.hitSplitAces && !canSplit(w.rules, seat, h)) h.done = true;
}

/** Moves the turn to the next hand needing a decision, or plays the dealer and settles. */
export function advance(w: Work): BlackjackState {
  for (const seat of w.seats) {
    for (let i = 0; i < seat.hands.length; i++) {
      if (seat.hands[i]!.done) continue;
      prepare(w, seat, i);
      if (seat.hands[i]!.done) continue;
      w.events.push({ type: 'turn', seat: seat.seat, hand: i });
      return { ...common(w), type: 'playing', turn: { seat: seat.seat, hand: i } };
    }
  }
  return finishRound(w);
}

export function applyMove(w: Work, turn: { seat: number; hand: number }, move: PlayerMove): BlackjackState | RuleError {
  const seat = w.seats.find((s) => s.seat === turn.seat)!;
  const h = seat.hands[turn.hand]!;
  if (!legalMoves(w.rules, seat, h).has(move)) return ruleError('invalid_action', `${move} is not allowed on this hand`);
  const at = { seat: seat.seat, hand: turn.hand };
  const take = () => {
    const card = w.drawer.draw();
    h.cards.push(card);
    w.events.push({ type: 'card', ...at, card, total: totalOf(h.cards) });
  };
  switch (move) {
    case 'stand':
      h.done = true;
      w.events.push({ type: 'stood', ...at });
      break;
    case 'hit':
      take();
      break;
    case 'double':
      w.events.push({ type: 'doubled', ...at, stake: h.stake });
      h.stake *= 2;
      h.doubled = true;
      take();
      h.done = true;
      break;
    case 'split': {
      const second: Hand = { cards: [h.cards.pop()!], stake: h.stake, doubled: false, fromSplit: true, surrendered: false, done: false };
      h.fromSplit = true;
      seat.hands.splice(turn.hand + 1, 0, second);
      w.events.push({ type: 'split', ...at, stake: second.stake });
      break;
    }
    case 'surrender':
      h.surrendered = true;
      h.done = true;
      w.events.push({ type: 'surrendered', ...at });
      break;
  }
  if (totalOf(h.cards) > 21) {
    h.done = true;
    w.events.push({ type: 'busted', ...at });
  }
  return advance(w);
}
