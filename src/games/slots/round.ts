// The slot engine as a pure state machine. A round is one paid base spin plus every
// free spin it leads to: free spins pay × the machine's multiplier and may retrigger
// (adding spins). The table can play a round out in one step (playRound) or step it
// spin by spin (startRound, then nextFreeSpin until settled), e.g. to pace animations
// or journal each draw; both consume the Rng identically, so they give the same round.
// Money is integer minor units: the total bet must split evenly over the paylines.
import { ruleError, type RuleError, type StepResult } from '../types.ts';
import type { Rng } from '../rng/types.ts';
import { drawStops, evaluateStops, type SpinEval } from './evaluate.ts';
import type { Machine } from './machine.ts';

export type SlotWin =
  | { kind: 'line'; line: number; symbol: string; count: number; amount: number }
  | { kind: 'scatter'; symbol: string; count: number; amount: number };

export interface SpinRecord {
  free: boolean;
  stops: number[];
  /** window[reel][row] = symbol name */
  window: string[][];
  wins: SlotWin[];
  /** money this spin pays, multiplier included */
  win: number;
  free_spins_awarded: number;
}

interface RoundBase {
  bet: number;
  betPerLine: number;
  base: SpinRecord;
  /** free spins played so far, in order */
  feature: SpinRecord[];
  /** total paid by the round so far */
  win: number;
}

export type SlotRound = (RoundBase & { type: 'free_spins'; remaining: number }) | (RoundBase & { type: 'settled' });

export type SlotEvent = ({ type: 'spin' } & SpinRecord) | { type: 'settled'; win: number; free_spins: number };

/** The bet per line, or why the total bet is refused. */
export function checkBet(m: Machine, bet: unknown): { ok: true; betPerLine: number } | RuleError {
  const lines = m.paylines.length;
  if (typeof bet !== 'number' || !Number.isSafeInteger(bet)) return ruleError('invalid_payload', 'the bet must be an integer amount in minor units');
  if (bet <= 0) return ruleError('invalid_payload', 'the bet must be positive');
  if (bet % lines !== 0) return ruleError('invalid_payload', `the bet must be a multiple of the ${lines} paylines (one equal stake per line)`);
  return { ok: true, betPerLine: bet / lines };
}

export function startRound(m: Machine, bet: unknown, rng: Rng): StepResult<SlotRound, SlotEvent> {
  const checked = checkBet(m, bet);
  if (!checked.ok) return checked;
  const base = record(m, evaluateStops(m, drawStops(m, rng)), checked.betPerLine, false);
  const round: RoundBase = { bet: bet as number, betPerLine: checked.betPerLine, base, feature: [], win: base.win };
  return advance(round, base.free_spins_awarded, [{ type: 'spin', ...base }]);
}

export function nextFreeSpin(m: Machine, round: SlotRound, rng: Rng): StepResult<SlotRound, SlotEvent> {
  if (round.type !== 'free_spins') return ruleError('round_closed', 'the round has no free spins left');
  const spin = record(m, evaluateStops(m, drawStops(m, rng)), round.betPerLine, true);
  const next: RoundBase = { ...round, feature: [...round.feature, spin], win: round.win + spin.win };
  return advance(next, round.remaining - 1 + spin.free_spins_awarded, [{ type: 'spin', ...spin }]);
}

/** The whole round in one step: the base spin and the complete free-spin feature. */
export function playRound(m: Machine, bet: unknown, rng: Rng): StepResult<SlotRound, SlotEvent> {
  const first = startRound(m, bet, rng);
  if (!first.ok) return first;
  let state = first.state;
  const events = [...first.events];
  // Terminates with probability 1: parseMachine refused machines awarding ≥ 1 spin per spin on average.
  while (state.type === 'free_spins') {
    const step = nextFreeSpin(m, state, rng) as Extract<StepResult<SlotRound, SlotEvent>, { ok: true }>;
    state = step.state;
    events.push(...step.events);
  }
  return { ok: true, state, events };
}

/** The `spin` answer of the table protocol, without the table's round_id and balance. */
export function spinReply(round: SlotRound) {
  return {
    window: round.base.window,
    wins: round.base.wins,
    win: round.win,
    free_spins: round.feature.length,
    feature: round.feature.map((s) => ({ window: s.window, wins: s.wins, win: s.win, free_spins_awarded: s.free_spins_awarded })),
  };
}

function advance(round: RoundBase, remaining: number, events: SlotEvent[]): StepResult<SlotRound, SlotEvent> {
  if (remaining > 0) return { ok: true, state: { ...round, type: 'free_spins', remaining }, events };
  return { ok: true, state: { ...round, type: 'settled' }, events: [...events, { type: 'settled', win: round.win, free_spins: round.feature.length }] };
}

function record(m: Machine, e: SpinEval, betPerLine: number, free: boolean): SpinRecord {
  const mult = free ? m.multiplier : 1;
  const lines = m.paylines.length;
  const wins: SlotWin[] = e.lineWins.map((w) => ({ kind: 'line', line: w.line, symbol: m.symbols[w.symbol]!, count: w.count, amount: w.pay * betPerLine * mult }));
  if (e.scatterPay > 0) wins.push({ kind: 'scatter', symbol: m.symbols[m.scatter]!, count: e.scatters, amount: e.scatterPay * lines * betPerLine * mult });
  return {
    free,
    stops: e.stops,
    window: e.window.map((col) => col.map((s) => m.symbols[s]!)),
    wins,
    win: e.units * betPerLine * mult,
    free_spins_awarded: e.freeSpins,
  };
}
