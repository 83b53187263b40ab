// The hand as a pure state machine:
//   newHand(config, rng)   -> the preflop state (deck shuffled, antes/blinds posted, cards dealt)
//   act(state, action)     -> the next state and what happened, or a RuleError (state untouched)
// The Rng is used only in newHand: to shuffle the deck, then for the salts of the deck's
// card commitment (commit.ts); every later card comes from that deck, so a table replays
// a hand from its seed and its journal of actions alone.
//
// Dead button, kept simple: the table passes the button seat (see `nextButton`). If that
// seat is empty or sitting out, the button is dead there: the blinds are still the next
// two dealt-in seats after it, action and odd chips still count from it. Heads-up the
// button must post the small blind, so it moves to the next dealt-in seat instead.
import { cardToString } from '../cards.ts';
import { ruleError, type Rng, type RuleError, type StepResult } from '../types.ts';
import { apply, legal, resolve } from './betting.ts';
import { holeCards, shuffledDeck } from './deck.ts';
import { commitDeck, drawSalts, openCards } from './commit.ts';
import type { HoldemEvent, PostKind } from './events.ts';
import { blindSeats, clockwiseAfter, dealtIn } from './seats.ts';
import { advance } from './streets.ts';
import type { ActionType, BettingState, HandConfig, HoldemAction, HoldemState, LegalActions, PlayerState } from './types.ts';
import { MAX_SEATS } from './types.ts';

type Result = StepResult<HoldemState, HoldemEvent>;

const isCount = (n: unknown, min: number): n is number => Number.isSafeInteger(n) && (n as number) >= min;

function checkConfig(c: HandConfig): string | null {
  if (typeof c !== 'object' || c === null) return 'a hand needs a config';
  if (!Array.isArray(c.seats) || c.seats.length < 2 || c.seats.length > MAX_SEATS) return `a table has 2 to ${MAX_SEATS} seats`;
  const ids = new Set<string>();
  for (const [i, s] of c.seats.entries()) {
    if (s === null) continue;
    if (typeof s !== 'object') return `seat entry ${i} must be a seat or null`;
    if (s.seat !== i) return `seat entry ${i} says seat ${s.seat}`;
    if (!isCount(s.stack, 0)) return `seat ${i}: the stack must be a whole number of chips`;
    if (typeof s.playerId !== 'string' || s.playerId === '' || ids.has(s.playerId)) return `seat ${i}: missing or duplicate player id`;
    ids.add(s.playerId);
  }
  if (!isCount(c.button, 0) || c.button >= c.seats.length) return 'the button must be a seat of the table';
  if (!isCount(c.smallBlind, 1) || !isCount(c.bigBlind, 1) || c.smallBlind > c.bigBlind) return 'blinds must be whole chips, small <= big';
  if (c.ante !== undefined && !isCount(c.ante, 0)) return 'the ante must be a whole number of chips';
  return null;
}

/** Start a hand: shuffle, post antes and blinds (short stacks post what they have), deal. */
export function newHand(config: HandConfig, rng: Rng): Result {
  const bad = checkConfig(config);
  if (bad) return ruleError('invalid_payload', bad);
  const entries = config.seats.filter(dealtIn);
  if (entries.length < 2) return ruleError('invalid_action', 'A hand needs at least two players with chips.');
  const tableSize = config.seats.length;
  const players: PlayerState[] = entries.map((e) => ({
    seat: e.seat, playerId: e.playerId, stack: e.stack, committed: 0, total: 0,
    hole: [0, 0], status: 'active', actedAt: null,
  }));
  const seats = blindSeats(players, config.button, tableSize);
  const ante = config.ante ?? 0;
  // The deck, then its commitment, before anything is shown: the root goes out first.
  const deck = shuffledDeck(rng);
  const commitment = commitDeck(deck, drawSalts(rng));
  const events: HoldemEvent[] = [{
    type: 'hand_started', commitment: commitment.root, button: seats.button, small_blind: config.smallBlind, big_blind: config.bigBlind, ante,
    seats: players.map((p) => ({ seat: p.seat, player_id: p.playerId, stack: p.stack })),
  }];

  const posts: Array<{ seat: number; kind: PostKind; amount: number; all_in: boolean }> = [];
  const post = (p: PlayerState, kind: PostKind, want: number) => {
    const amount = Math.min(want, p.stack);
    p.stack -= amount;
    p.total += amount;
    if (kind !== 'ante') p.committed += amount; // antes are dead: they do not count toward calling
    if (p.stack === 0) p.status = 'all_in';
    if (amount > 0) posts.push({ seat: p.seat, kind, amount, all_in: p.stack === 0 });
  };
  if (ante > 0) for (const p of clockwiseAfter(players, seats.button, tableSize)) post(p, 'ante', ante);
  const bySeat = (seat: number) => players.find((p) => p.seat === seat)!;
  post(bySeat(seats.small), 'small_blind', config.smallBlind);
  post(bySeat(seats.big), 'big_blind', config.bigBlind);
  events.push({ type: 'blinds_posted', posts });

  // Dealt one card at a time, twice round, starting left of the button (deck.ts).
  clockwiseAfter(players, seats.button, tableSize).forEach((p, i) => { p.hole = holeCards(deck, players.length, i); });
  for (const p of players) {
    events.push({ type: 'hole_cards_dealt', to: p.seat, seat: p.seat, cards: p.hole.map(cardToString), openings: openCards(commitment, deck, p.hole) });
  }

  const state: BettingState = {
    type: 'preflop', tableSize, button: seats.button, smallBlind: config.smallBlind, bigBlind: config.bigBlind, ante,
    muckLosers: config.muckLosers ?? true, players, board: [], deck, dealt: 2 * players.length, commitment,
    // The level to call preflop is the full big blind even when the big blind is short.
    betting: { toAct: seats.big, currentBet: config.bigBlind, minRaise: config.bigBlind, lastAggressor: null },
  };
  // Action starts left of the big blind (heads-up that is the button/small blind).
  return { ok: true, state: advance(state, seats.big, events), events };
}

const ACTIONS: readonly ActionType[] = ['fold', 'check', 'call', 'bet', 'raise', 'all_in', 'timeout'];

/** Apply one player action. Any rejection leaves `state` exactly as it was. */
export function act(state: HoldemState, action: HoldemAction): Result {
  if (state.type === 'complete') return ruleError('round_closed', 'The hand is over.');
  if (typeof action !== 'object' || action === null || !ACTIONS.includes(action.type) || !Number.isSafeInteger(action.seat)) {
    return ruleError('invalid_payload', 'An action needs a known type and a seat number.');
  }
  if ((action.type === 'bet' || action.type === 'raise') && !isCount(action.amount, 1)) {
    return ruleError('invalid_payload', `A ${action.type} needs an amount: the whole chips to raise to.`);
  }
  if (state.betting.toAct !== action.seat) return ruleError('not_your_turn', 'It is not your turn.');
  const timeout = action.type === 'timeout';
  // A timeout checks when it costs nothing, otherwise folds.
  const a: HoldemAction = timeout ? { type: legal(state, action.seat).canCheck ? 'check' : 'fold', seat: action.seat } : action;
  const r = resolve(state, a);
  if ('ok' in r) return r;

  const s = structuredClone(state);
  const put = apply(s, a.seat, r);
  const p = s.players.find((q) => q.seat === a.seat)!;
  const events: HoldemEvent[] = [{
    type: 'action', seat: a.seat, action: a.type as Exclude<ActionType, 'timeout'>, amount: put,
    to: p.committed, stack: p.stack, all_in: p.status === 'all_in', timeout,
  }];
  return { ok: true, state: advance(s, a.seat, events), events };
}

/**
 * `act` under the shape every engine shares, `(state, action, rng)`. Hold'em draws all
 * its randomness in `newHand`, so the rng is not used here.
 */
export function step(state: HoldemState, action: HoldemAction, _rng?: Rng): Result {
  return act(state, action);
}

/** What `seat` may do now (all false when it is not that seat's turn or the hand is over). */
export function legalActions(state: HoldemState, seat: number): LegalActions {
  if (state.type === 'complete') {
    return { seat, toAct: false, canFold: false, canCheck: false, canCall: false, callAmount: 0, canBet: false, canRaise: false, minRaiseTo: 0, maxRaiseTo: 0 };
  }
  return legal(state, seat);
}

export type Replay =
  | { ok: true; state: HoldemState; started: HoldemEvent[]; steps: HoldemEvent[][] }
  | (RuleError & { at: number });

/**
 * Re-run a journaled hand: the same config, an Rng on the same seeds, the accepted
 * actions in order. Gives the events of newHand and of each action, for comparison with
 * the journal; a rejection says which action (`at`, -1 for newHand) no longer applies.
 */
export function replayHand(config: HandConfig, rng: Rng, actions: readonly HoldemAction[]): Replay {
  const first = newHand(config, rng);
  if (!first.ok) return { ...first, at: -1 };
  let state = first.state;
  const steps: HoldemEvent[][] = [];
  for (const [at, a] of actions.entries()) {
    const r = act(state, a);
    if (!r.ok) return { ...r, at };
    state = r.state;
    steps.push(r.events);
  }
  return { ok: true, state, started: first.events, steps };
}
