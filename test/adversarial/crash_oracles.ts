// Independent oracles for the crash property (crash_property.test.ts): a blackjack round
// and a hold'em hand played by the pure engines alone — the round's revealed seeds, the
// actions the table accepted, then the turn clock's defaults (blackjack: stand, decline
// insurance; hold'em: check when free, else fold). Nothing here uses a table adapter,
// the replayer or the ledger, so a defect there cannot hide in the reference.
import * as bj from '../../src/games/blackjack/index.ts';
import * as he from '../../src/games/holdem/index.ts';
import { FairRng, type FairSeeds } from '../../src/games/rng/fair.ts';

/** An act as the table received it (after the channel's parse): who, and the parsed payload. */
export interface Act {
  playerId: string;
  payload: { action: string; amount?: number };
}

/** Per player: what the round took to escrow and what it paid back; or "refund everything". */
export type Expected = { refund: true } | { refund: false; stake: Record<string, number>; payout: Record<string, number> };

/**
 * Blackjack at a shared table, seats 0..n-1 in `players` order: the deal comes once every
 * seat has bet; a round whose deal never came (still betting) is refunded.
 */
export function blackjackOracle(seeds: FairSeeds, players: string[], accepted: Act[]): Expected {
  const rng = new FairRng(seeds);
  let s: bj.BlackjackState = { ...bj.nextRound(bj.newTable(bj.parseRules({}) as bj.BlackjackRules)), shoe: { cards: [], next: 0, cut: 0 } };
  const go = (a: bj.BlackjackAction) => {
    const r = bj.step(s, a, rng);
    if (!r.ok) throw new Error(`oracle: the engine refuses ${JSON.stringify(a)} that the table accepted: ${r.message}`);
    s = r.state;
  };
  let dealt = false;
  for (const a of accepted) {
    const seat = players.indexOf(a.playerId);
    go(a.payload.action === 'bet' ? { type: 'bet', seat, amount: a.payload.amount! } : { type: a.payload.action, seat } as bj.BlackjackAction);
    const betting = s.type === 'betting' ? s : null;
    if (!dealt && betting && players.every((_, i) => betting.bets.some((b) => b.seat === i))) {
      go({ type: 'deal' });
      dealt = true;
    }
  }
  if (!dealt) return { refund: true };
  while (s.type !== 'settled') {
    if (s.type === 'insurance') go({ type: 'no_insurance', seat: s.seats.find((x) => x.insurance === undefined)!.seat });
    else if (s.type === 'playing') go({ type: 'stand', seat: s.turn.seat });
    else throw new Error(`oracle: blackjack stuck in ${s.type}`);
  }
  const stake: Record<string, number> = {};
  const payout: Record<string, number> = {};
  for (const x of s.results) {
    const p = players[x.seat]!;
    stake[p] = (stake[p] ?? 0) + x.staked;
    payout[p] = (payout[p] ?? 0) + x.won;
  }
  return { refund: false, stake, payout };
}

/**
 * A hold'em hand: the table's first hand (button from -1), seats as given, blinds 50/100.
 * `dealt` says whether the hand's opening step reached the journal; before that nothing
 * was drawn and the blinds go back.
 */
export function holdemOracle(seeds: FairSeeds, tableSize: number, seated: Array<{ seat: number; playerId: string; stack: number }>,
  accepted: Act[], dealt: boolean): Expected & { stacks?: Record<string, number> } {
  if (!dealt) return { refund: true };
  const seats: he.HandConfig['seats'] = Array.from({ length: tableSize }, (_, i) => {
    const p = seated.find((x) => x.seat === i);
    return p ? { seat: i, playerId: p.playerId, stack: p.stack } : null;
  });
  const first = he.newHand({ seats, button: he.nextButton(seats, -1), smallBlind: 50, bigBlind: 100, ante: 0 }, new FairRng(seeds));
  if (!first.ok) throw new Error(`oracle: ${first.message}`);
  let s = first.state;
  // What each player put in: the most they had in at any point (an uncalled bet comes back at the end).
  const putIn: Record<string, number> = {};
  const track = () => { for (const p of s.players) putIn[p.playerId] = Math.max(putIn[p.playerId] ?? 0, p.total); };
  track();
  const go = (a: he.HoldemAction) => {
    const r = he.act(s, a);
    if (!r.ok) throw new Error(`oracle: the engine refuses ${JSON.stringify(a)} that the table accepted: ${r.message}`);
    s = r.state;
    track();
  };
  for (const a of accepted) {
    const seat = seated.find((x) => x.playerId === a.playerId)!.seat;
    go({ type: a.payload.action as he.ActionType, seat, ...(a.payload.amount !== undefined ? { amount: a.payload.amount } : {}) });
  }
  while (s.type !== 'complete') {
    const seat = s.betting.toAct;
    go({ type: he.legalActions(s, seat).canCheck ? 'check' : 'fold', seat });
  }
  const stake: Record<string, number> = {};
  const payout: Record<string, number> = {};
  const stacks: Record<string, number> = {};
  for (const r of s.result.results) {
    const start = seated.find((x) => x.playerId === r.player_id)!.stack;
    stacks[r.player_id] = r.stack;
    const staked = putIn[r.player_id] ?? 0;
    if (staked === 0) continue; // never put a chip in: not in the round
    stake[r.player_id] = staked;
    payout[r.player_id] = r.stack - (start - staked);
  }
  return { refund: false, stake, payout, stacks };
}

/** A single-seat blackjack round from its seeds, the player standing on every decision (and declining insurance): what the clock plays. */
export function blackjackStanding(seeds: FairSeeds, bet: number): number {
  const rng = new FairRng(seeds);
  let s: bj.BlackjackState = { ...bj.nextRound(bj.newTable(bj.parseRules({}) as bj.BlackjackRules)), shoe: { cards: [], next: 0, cut: 0 } };
  const go = (a: bj.BlackjackAction) => {
    const r = bj.step(s, a, rng);
    if (!r.ok) throw new Error(r.message);
    s = r.state;
  };
  go({ type: 'bet', seat: 0, amount: bet });
  go({ type: 'deal' });
  while (s.type !== 'settled') go(s.type === 'insurance' ? { type: 'no_insurance', seat: 0 } : { type: 'stand', seat: (s as { turn: { seat: number } }).turn.seat });
  return s.results.reduce((t, x) => t + x.won, 0);
}
