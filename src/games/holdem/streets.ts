// Moving the hand on after each action: pass the turn, close a street (return the
// uncalled bet, report the pots, deal the next cards), run the board out when nobody can
// bet any more, and finish the hand by fold or by showdown.
import { cardToString } from '../cards.ts';
import { needsAction, streetComplete } from './betting.ts';
import { streetCards } from './deck.ts';
import { openCards } from './commit.ts';
import type { HoldemEvent } from './events.ts';
import { potsOf, returnUncalled } from './pots.ts';
import { ranker } from './ranker.ts';
import { nextWhere } from './seats.ts';
import { showdown } from './showdown.ts';
import type { BettingState, HoldemState, ShownHand, Street } from './types.ts';

const NEXT: Record<Street, Exclude<Street, 'preflop'> | null> = { preflop: 'flop', flop: 'turn', turn: 'river', river: null };

/**
 * The state after `lastSeat` acted (or after the blinds, with `lastSeat` = big blind).
 * Mutates and returns `s`, which the caller owns (a fresh clone).
 */
export function advance(s: BettingState, lastSeat: number, events: HoldemEvent[]): HoldemState {
  const inHand = s.players.filter((p) => p.status !== 'folded');
  if (inHand.length === 1) return winByFold(closeStreet(s, events), events, inHand[0]!.seat);
  if (!streetComplete(s)) {
    s.betting.toAct = nextWhere(s.players, lastSeat, s.tableSize, (p) => needsAction(p, s.betting, s.players))!.seat;
    return s;
  }
  // Read before the river's betting record is dropped: the river's aggressor shows first.
  const riverAggressor = s.type === 'river' ? s.betting.lastAggressor : null;
  closeStreet(s, events);
  const next = NEXT[s.type];
  if (next === null) return toShowdown(s, events, riverAggressor);
  deal(s, next, events);
  const bettors = () => s.players.filter((p) => p.status === 'active').length;
  // With at most one player able to bet, the rest of the board is dealt without betting.
  while (bettors() < 2) {
    const more = NEXT[s.type];
    if (more === null) return toShowdown(s, events, null);
    deal(s, more, events);
  }
  s.betting = { toAct: s.button, currentBet: 0, minRaise: s.bigBlind, lastAggressor: null };
  for (const p of s.players) p.actedAt = null;
  // After the flop, action starts with the first player able to bet left of the button.
  s.betting.toAct = nextWhere(s.players, s.button, s.tableSize, (p) => needsAction(p, s.betting, s.players))!.seat;
  return s;
}

function closeStreet(s: BettingState, events: HoldemEvent[]): BettingState {
  const back = returnUncalled(s.players);
  if (back) events.push({ type: 'bet_returned', ...back });
  for (const p of s.players) p.committed = 0;
  events.push({ type: 'pots', pots: potsOf(s.players) });
  return s;
}

function deal(s: BettingState, street: Exclude<Street, 'preflop'>, events: HoldemEvent[]): void {
  const { cards, dealt } = streetCards(s.deck, s.dealt, street);
  s.dealt = dealt;
  s.board.push(...cards);
  s.type = street;
  events.push({ type: 'street', street, cards: cards.map(cardToString), board: s.board.map(cardToString), openings: openCards(s.commitment, s.deck, cards) });
}

function toShowdown(s: BettingState, events: HoldemEvent[], riverAggressor: number | null): HoldemState {
  const pots = potsOf(s.players);
  const out = showdown(
    {
      contenders: s.players.filter((p) => p.status !== 'folded'),
      board: s.board, pots, button: s.button, tableSize: s.tableSize, riverAggressor, muckLosers: s.muckLosers,
      open: (cards) => openCards(s.commitment, s.deck, cards),
    },
    ranker,
  );
  events.push(...out.events);
  return finish(s, events, out.won, out.shown);
}

/** Everyone else folded: the last player takes every pot, unseen (no showdown). */
function winByFold(s: BettingState, events: HoldemEvent[], seat: number): HoldemState {
  const pots = potsOf(s.players);
  let total = 0;
  pots.forEach((pot, i) => {
    events.push({ type: 'pot_awarded', pot: i, amount: pot.amount, winners: [{ seat, amount: pot.amount }] });
    total += pot.amount;
  });
  return finish(s, events, new Map([[seat, total]]), []);
}

/** Pay out `won` (chips per seat) and close the hand. */
function finish(s: BettingState, events: HoldemEvent[], won: Map<number, number>, shown: ShownHand[]): HoldemState {
  for (const p of s.players) p.stack += won.get(p.seat) ?? 0;
  const result = {
    commitment: s.commitment.root,
    board: s.board.map(cardToString),
    board_openings: openCards(s.commitment, s.deck, s.board),
    pots: potsOf(s.players),
    shown,
    results: s.players.map((p) => ({ seat: p.seat, player_id: p.playerId, staked: p.total, won: won.get(p.seat) ?? 0, stack: p.stack })),
  };
  events.push({ type: 'hand_ended', ...result });
  const { betting: _done, type: _street, ...rest } = s;
  return { ...rest, type: 'complete', result };
}
