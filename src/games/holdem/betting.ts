// One betting round: who may do what, and applying a checked action to a player.
//
// Reopening rule: a player may raise only when betting was reopened for them, i.e. they
// have not acted this street, or the bet has grown by at least one full raise since they
// last acted. A short all-in raises the level (others must call it or fold) without
// reopening; several short all-ins that add up to a full raise do reopen (TDA rule).
import { ruleError, type RuleError } from '../types.ts';
import type { BettingState, Betting, HoldemAction, LegalActions, PlayerState } from './types.ts';

const isLive = (p: PlayerState) => p.status === 'active';

/** Must this player still act before the street can close? */
export function needsAction(p: PlayerState, b: Betting, players: readonly PlayerState[]): boolean {
  if (!isLive(p)) return false;
  const othersLive = players.some((q) => q !== p && isLive(q));
  if (!othersLive) {
    // Alone against all-in players: act only to call chips someone actually put in (the
    // level can exceed that when a big blind was short).
    return players.some((q) => q !== p && q.status === 'all_in' && q.committed > p.committed);
  }
  // Owing chips, or not acted yet while someone could still respond to a bet.
  return p.committed < b.currentBet || p.actedAt === null;
}

export function streetComplete(s: BettingState): boolean {
  return !s.players.some((p) => needsAction(p, s.betting, s.players));
}

function mayRaise(p: PlayerState, s: BettingState): boolean {
  const b = s.betting;
  const reopened = p.actedAt === null || b.currentBet - p.actedAt >= b.minRaise;
  const opponentCanCall = s.players.some((q) => q !== p && isLive(q));
  return reopened && opponentCanCall && p.stack > b.currentBet - p.committed;
}

export function legal(s: BettingState, seat: number): LegalActions {
  const p = s.players.find((q) => q.seat === seat);
  const none: LegalActions = {
    seat, toAct: false, canFold: false, canCheck: false, canCall: false, callAmount: 0,
    canBet: false, canRaise: false, minRaiseTo: 0, maxRaiseTo: 0,
  };
  if (!p || s.betting.toAct !== seat || !isLive(p)) return none;
  const b = s.betting;
  const owe = b.currentBet - p.committed;
  const aggro = mayRaise(p, s);
  const allInTo = p.committed + p.stack;
  return {
    seat,
    toAct: true,
    canFold: true,
    canCheck: owe <= 0,
    canCall: owe > 0,
    callAmount: Math.max(0, Math.min(owe, p.stack)),
    canBet: aggro && b.currentBet === 0,
    canRaise: aggro && b.currentBet > 0,
    minRaiseTo: aggro ? Math.min(b.currentBet + b.minRaise, allInTo) : 0,
    maxRaiseTo: aggro ? allInTo : 0,
  };
}

/** What an action resolves to: chips to move and whether it is a wager. */
type Resolved = { type: 'fold' | 'check' | 'call' } | { type: 'wager'; to: number };

/** Check an action against the rules; no mutation. `timeout` must be resolved before. */
export function resolve(s: BettingState, a: HoldemAction): Resolved | RuleError {
  const l = legal(s, a.seat);
  const p = s.players.find((q) => q.seat === a.seat)!;
  const allInTo = p.committed + p.stack;
  switch (a.type) {
    case 'fold':
      return { type: 'fold' };
    case 'check':
      return l.canCheck ? { type: 'check' } : ruleError('invalid_action', 'There is a bet to call: call, raise or fold.');
    case 'call':
      return l.canCall ? { type: 'call' } : ruleError('invalid_action', 'Nothing to call: check or bet.');
    case 'all_in':
      if (allInTo <= s.betting.currentBet) return { type: 'call' };
      if (!l.canBet && !l.canRaise) return ruleError('invalid_action', 'You may not raise now: call or fold.');
      return { type: 'wager', to: allInTo };
    case 'bet':
    case 'raise': {
      const ok = a.type === 'bet' ? l.canBet : l.canRaise;
      if (!ok) {
        const why = a.type === 'bet' && s.betting.currentBet > 0 ? 'There is already a bet: raise instead.'
          : a.type === 'raise' && s.betting.currentBet === 0 ? 'There is no bet to raise: bet instead.'
          : 'You may not raise now: call or fold.';
        return ruleError('invalid_action', why);
      }
      const to = a.amount!;
      if (to > allInTo) return ruleError('insufficient_funds', `You can put in at most ${allInTo} this street.`);
      if (to < l.minRaiseTo) return ruleError('below_min', `The smallest ${a.type} is to ${l.minRaiseTo}.`);
      return { type: 'wager', to };
    }
    default:
      return ruleError('invalid_action', `Unknown action ${String(a.type)}.`);
  }
}

/** Apply a resolved action to the (cloned) state. Returns the chips the player added. */
export function apply(s: BettingState, seat: number, r: Resolved): number {
  const b = s.betting;
  const p = s.players.find((q) => q.seat === seat)!;
  let put = 0;
  if (r.type === 'fold') p.status = 'folded';
  else if (r.type === 'call') put = Math.min(b.currentBet - p.committed, p.stack);
  else if (r.type === 'wager') {
    put = r.to - p.committed;
    const raise = r.to - b.currentBet;
    // Only a full bet/raise sets the new minimum raise and so reopens betting.
    if (raise >= b.minRaise) b.minRaise = raise;
    b.currentBet = r.to;
    b.lastAggressor = seat;
  }
  p.stack -= put;
  p.committed += put;
  p.total += put;
  if (p.stack === 0 && p.status === 'active') p.status = 'all_in';
  p.actedAt = b.currentBet;
  return put;
}
