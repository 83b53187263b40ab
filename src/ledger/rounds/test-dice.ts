// "test-dice": a small, complete game used by the ledger's own tests, the crash test
// and the benchmark, so the journal, recovery and replay are exercised end to end
// before the real engines plug in through the Replayers registry. Each player bets
// high (4–6) or low (1–3); a 'roll' action for that player throws a provably-fair die;
// a correct pick pays 2× the stake. Pure: (state, action, rng) → {state, events}.
import { FairRng } from '../../games/rng/fair.ts';
import type { Rng } from '../../games/rng/types.ts';
import type { Payouts, RoundJournal } from './types.ts';
import type { ReplayResult } from './replay.ts';

export const TEST_DICE = 'test-dice';

export type DiceBet = { pick: 'high' | 'low' };
export type DiceAction = { type: 'roll'; player: string };
export type DiceEvent = { type: 'rolled'; player: string; die: number; win: boolean };
export interface DiceState {
  stakes: Record<string, { amount: number; pick: DiceBet['pick'] }>;
  rolls: Record<string, number>;
}

export function diceStart(stakes: { player: string; amount: number; bet: unknown }[]): DiceState {
  const s: DiceState = { stakes: {}, rolls: {} };
  for (const st of stakes) s.stakes[st.player] = { amount: st.amount, pick: (st.bet as DiceBet).pick === 'low' ? 'low' : 'high' };
  return s;
}

export function diceStep(state: DiceState, action: DiceAction, rng: Rng): { state: DiceState; events: DiceEvent[] } {
  const bet = state.stakes[action.player];
  if (action.type !== 'roll' || !bet || action.player in state.rolls) throw new RangeError(`illegal dice action ${JSON.stringify(action)}`);
  const die = rng.int(6) + 1;
  const win = (die >= 4) === (bet.pick === 'high');
  return { state: { ...state, rolls: { ...state.rolls, [action.player]: die } }, events: [{ type: 'rolled', player: action.player, die, win }] };
}

export function diceFinal(state: DiceState): boolean {
  return Object.keys(state.stakes).every((p) => p in state.rolls);
}

/** Final payouts, or won-so-far: a player not yet rolled has won nothing. */
export function dicePayouts(state: DiceState): Payouts {
  const out: Payouts = {};
  for (const [p, bet] of Object.entries(state.stakes)) {
    const die = state.rolls[p];
    out[p] = die !== undefined && (die >= 4) === (bet.pick === 'high') ? bet.amount * 2 : 0;
  }
  return out;
}

export function diceOutcome(state: DiceState): { rolls: Record<string, number> } {
  return { rolls: state.rolls };
}

export function diceReplayer(j: RoundJournal): ReplayResult {
  if (j.serverSeed === null) throw new Error(`round ${j.id}: server seed not available for replay`);
  const rng = new FairRng({ serverSeed: j.serverSeed, clientSeed: j.clientSeed, nonce: j.nonce });
  let state = diceStart(j.stakes);
  const events: unknown[][] = [];
  for (const a of j.actions) {
    const step = diceStep(state, a.action as DiceAction, rng);
    state = step.state;
    events.push(step.events);
  }
  return { final: diceFinal(state), outcome: diceOutcome(state), payouts: dicePayouts(state), events };
}
