// What one client may see of a hand: everything public, plus its own hole cards. Another
// player's cards appear only once shown at showdown; the deck never appears. Built from
// scratch (not by deleting fields) so a new state field cannot leak by default.
import { cardToString } from '../cards.ts';
import { legal } from './betting.ts';
import { potsOf } from './pots.ts';
import { openCards, type Opening } from './commit.ts';
import type { HandResult, HoldemState, LegalActions, PlayerStatus, Pot } from './types.ts';

export interface SeatView {
  seat: number;
  player_id: string;
  stack: number;
  /** On this street. */
  committed: number;
  status: PlayerStatus;
  /** Own cards, or cards shown at showdown; null when hidden or mucked. */
  cards: string[] | null;
  /** The openings of `cards` against the commitment (own cards: in this viewer's view only). */
  openings: Opening[] | null;
}

export interface HoldemView {
  street: HoldemState['type'];
  button: number;
  small_blind: number;
  big_blind: number;
  ante: number;
  /** The root the hand's cards are committed under (published at hand_started). */
  commitment: string;
  board: string[];
  board_openings: Opening[];
  /** Chips gathered from finished streets (the current street's bets are in `committed`). */
  pots: Pot[];
  seats: SeatView[];
  to_act: number | null;
  current_bet: number;
  /** For the viewer, when it is their turn. */
  legal: LegalActions | null;
  result: HandResult | null;
}

export function view(state: HoldemState, forSeat: number | null): HoldemView {
  const shown = new Map(state.type === 'complete' ? state.result.shown.map((h) => [h.seat, h]) : []);
  const betting = state.type === 'complete' ? null : state.betting;
  return {
    street: state.type,
    button: state.button,
    small_blind: state.smallBlind,
    big_blind: state.bigBlind,
    ante: state.ante,
    commitment: state.commitment.root,
    board: state.board.map(cardToString),
    board_openings: openCards(state.commitment, state.deck, state.board),
    pots: state.type === 'complete' ? state.result.pots : potsOf(state.players, true),
    seats: state.players.map((p) => ({
      seat: p.seat,
      player_id: p.playerId,
      stack: p.stack,
      committed: p.committed,
      status: p.status,
      cards: p.seat === forSeat ? p.hole.map(cardToString) : (shown.get(p.seat)?.cards ?? null),
      openings: p.seat === forSeat ? openCards(state.commitment, state.deck, p.hole) : (shown.get(p.seat)?.openings ?? null),
    })),
    to_act: betting ? betting.toAct : null,
    current_bet: betting ? betting.currentBet : 0,
    legal: state.type !== 'complete' && forSeat !== null && betting!.toAct === forSeat ? legal(state, forSeat) : null,
    result: state.type === 'complete' ? state.result : null,
  };
}
