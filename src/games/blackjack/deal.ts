// Betting, the deal, insurance and the peek. Deal order as at a live table: one card to
// each seat in seat order, the dealer's up card, a second card to each seat, then the
// hole card (no hole card at all in the no-peek European game).
import type { Rng, StepResult } from '../types.ts';
import { ruleError } from '../types.ts';
import { MAX_SEATS } from './rules.ts';
import type { BlackjackEvent, BlackjackState, SeatState } from './state.ts';
import { isNatural, pointOf } from './hand.ts';
import { cutCardReached, shuffledShoe } from './shoe.ts';
import { finishRound } from './dealer.ts';
import { advance } from './play.ts';
import { common, openWork, type Work } from './work.ts';

type Betting = Extract<BlackjackState, { type: 'betting' }>;
type Insuring = Extract<BlackjackState, { type: 'insurance' }>;
type Result = StepResult<BlackjackState, BlackjackEvent>;

/** Keeps every payout (at most 3 × stake per hand, 8 hands) far inside the safe-integer range. */
export const MAX_BET = 1e12;

export function placeBet(s: Betting, seat: number, amount: number): Result {
  if (!Number.isInteger(seat) || seat < 0 || seat >= MAX_SEATS) return ruleError('invalid_payload', `seat must be an integer 0..${MAX_SEATS - 1}`);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_BET) return ruleError('invalid_payload', 'amount must be a positive integer');
  if (s.bets.some((b) => b.seat === seat)) return ruleError('invalid_action', 'this seat has already bet this round');
  const bets = [...s.bets, { seat, amount }].sort((a, b) => a.seat - b.seat);
  return { ok: true, state: { ...s, bets }, events: [{ type: 'bet_placed', seat, amount }] };
}

export function deal(s: Betting, rng: Rng): Result {
  if (s.bets.length === 0) return ruleError('invalid_action', 'no bets to deal');
  const events: BlackjackEvent[] = [];
  let shoe = s.shoe;
  if (cutCardReached(s.rules, shoe)) {
    shoe = shuffledShoe(s.rules, rng);
    events.push({ type: 'shuffled', cards: shoe.cards.length });
  }
  const seats: SeatState[] = s.bets.map((b) => ({
    seat: b.seat, bet: b.amount, hands: [{ cards: [], stake: b.amount, doubled: false, fromSplit: false, surrendered: false, done: false }],
  }));
  const w = openWork({ round: s.round, rules: s.rules, shoe, seats, dealer: [] }, rng);
  w.events.unshift(...events);
  for (const x of w.seats) x.hands[0]!.cards.push(w.drawer.draw());
  w.dealer.push(w.drawer.draw());
  for (const x of w.seats) x.hands[0]!.cards.push(w.drawer.draw());
  if (s.rules.peek) w.dealer.push(w.drawer.draw());
  w.events.push({ type: 'dealt', seats: w.seats.map((x) => ({ seat: x.seat, cards: [...x.hands[0]!.cards] })), dealer_up: w.dealer[0]! });
  if (s.rules.insurance && pointOf(w.dealer[0]!) === 11) {
    w.events.push({ type: 'insurance_offered' });
    return { ok: true, state: { ...common(w), type: 'insurance' }, events: w.events };
  }
  return { ok: true, state: afterInsurance(w), events: w.events };
}

export function decideInsurance(s: Insuring, seat: number, take: boolean, rng: Rng): Result {
  const x = s.seats.find((y) => y.seat === seat);
  if (!x) return ruleError('not_your_turn', 'that seat has no hand this round');
  if (x.insurance !== undefined) return ruleError('invalid_action', 'insurance already decided');
  const amount = take ? Math.floor(x.bet / 2) : 0;
  if (take && amount === 0) return ruleError('invalid_action', 'the bet is too small to insure');
  const w = openWork(s, rng);
  w.seats.find((y) => y.seat === seat)!.insurance = amount;
  if (take) w.events.push({ type: 'insurance', seat, amount });
  if (w.seats.some((y) => y.insurance === undefined)) return { ok: true, state: { ...common(w), type: 'insurance' }, events: w.events };
  return { ok: true, state: afterInsurance(w), events: w.events };
}

/** The peek, then the players' turns: blackjacks need no decision. */
function afterInsurance(w: Work): BlackjackState {
  if (w.rules.peek && pointOf(w.dealer[0]!) >= 10) {
    const blackjack = isNatural(w.dealer);
    w.events.push({ type: 'peeked', blackjack });
    if (blackjack) return finishRound(w);
  }
  for (const x of w.seats) if (isNatural(x.hands[0]!.cards)) x.hands[0]!.done = true;
  return advance(w);
}
