// Basic strategy: the infinite-deck, total-dependent tables (Wizard of Odds / Griffin),
// with the rule variations that change them: H17, double after split, late surrender and
// the double restriction. Columns are the dealer's up card 2,3,4,5,6,7,8,9,T,A.
// Codes: H hit, S stand, D double else hit, d double else stand, P split,
// p split if doubling after a split is allowed else hit, R surrender else hit,
// r surrender else stand, Q surrender else split. A code falls back in that order when
// the move is not allowed (e.g. D on a third card means H).
import type { Card } from '../cards.ts';
import { rankOf } from '../cards.ts';
import type { BlackjackRules } from './rules.ts';
import type { PlayerMove } from './state.ts';
import { ACE, pointOf, valueOf } from './hand.ts';

type Row = string; // 10 codes
const HARD_S17: Record<number, Row> = {
  8: 'HHHHHHHHHH', 9: 'HDDDDHHHHH', 10: 'DDDDDDDDHH', 11: 'DDDDDDDDDH', 12: 'HHSSSHHHHH', 13: 'SSSSSHHHHH',
  14: 'SSSSSHHHHH', 15: 'SSSSSHHHRH', 16: 'SSSSSHHRRR', 17: 'SSSSSSSSSS',
};
const HARD_H17: Record<number, Row> = { ...HARD_S17, 11: 'DDDDDDDDDD', 15: 'SSSSSHHHRR', 17: 'SSSSSSSSSr' };
const SOFT_S17: Record<number, Row> = {
  13: 'HHHDDHHHHH', 14: 'HHHDDHHHHH', 15: 'HHDDDHHHHH', 16: 'HHDDDHHHHH', 17: 'HDDDDHHHHH', 18: 'SddddSSHHH', 19: 'SSSSSSSSSS',
};
const SOFT_H17: Record<number, Row> = { ...SOFT_S17, 18: 'dddddSSHHH', 19: 'SSSSdSSSSS' };
// by the pair's point (2..11)
const PAIRS_S17: Record<number, Row> = {
  2: 'ppPPPPHHHH', 3: 'ppPPPPHHHH', 4: 'HHHppHHHHH', 6: 'pPPPPHHHHH', 7: 'PPPPPPHHHH', 8: 'PPPPPPPPPP',
  9: 'PPPPPSPPSS', 11: 'PPPPPPPPPP',
};
const PAIRS_H17: Record<number, Row> = { ...PAIRS_S17, 8: 'PPPPPPPPPQ' };

export interface StrategyHand {
  cards: readonly Card[];
  /** the moves allowed now (the engine's `legalActions`); default: a fresh two-card hand under these rules */
  allowed?: ReadonlySet<string>;
}

function freshHandMoves(rules: BlackjackRules, cards: readonly Card[]): Set<string> {
  const m = new Set(['hit', 'stand']);
  if (cards.length !== 2) return m;
  const total = valueOf(cards).total;
  if (rules.doubleOn === 'any' || (total >= 9 && total <= 11)) m.add('double');
  if (rankOf(cards[0]!) === rankOf(cards[1]!) && rules.maxHands > 1) m.add('split');
  if (rules.surrender) m.add('surrender');
  return m;
}

export function basicStrategy(rules: BlackjackRules, hand: StrategyHand, dealerUp: Card): PlayerMove {
  const allowed = hand.allowed ?? freshHandMoves(rules, hand.cards);
  const col = pointOf(dealerUp) - 2; // 0 = deuce ... 9 = ace
  const h17 = rules.dealerHitsSoft17;
  const { total, soft } = valueOf(hand.cards);
  const isPair = hand.cards.length === 2 && rankOf(hand.cards[0]!) === rankOf(hand.cards[1]!);
  const pairPoint = isPair ? (rankOf(hand.cards[0]!) === ACE ? 11 : pointOf(hand.cards[0]!)) : 0;
  const pairCode = isPair && allowed.has('split') ? (h17 ? PAIRS_H17 : PAIRS_S17)[pairPoint]?.[col] : undefined;

  if (pairCode === 'Q') return allowed.has('surrender') ? 'surrender' : 'split';
  if (pairCode === 'P' || (pairCode === 'p' && rules.doubleAfterSplit)) return 'split';

  let code: string;
  if (soft && total <= 19) code = total <= 12 ? 'H' : (h17 ? SOFT_H17 : SOFT_S17)[total]![col]!;
  else if (soft || total >= 17) code = total >= 18 || soft ? 'S' : (h17 ? HARD_H17 : HARD_S17)[17]![col]!;
  else code = (h17 ? HARD_H17 : HARD_S17)[Math.max(total, 8)]![col]!;

  switch (code) {
    case 'R':
      return allowed.has('surrender') ? 'surrender' : 'hit';
    case 'r':
      return allowed.has('surrender') ? 'surrender' : 'stand';
    case 'D':
      return allowed.has('double') ? 'double' : 'hit';
    case 'd':
      return allowed.has('double') ? 'double' : 'stand';
    case 'S':
      return 'stand';
    default:
      return allowed.has('hit') ? 'hit' : 'stand'; // split aces that may not be hit stand
  }
}
