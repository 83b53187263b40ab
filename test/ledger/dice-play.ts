// Drives the test-dice game the way a table process would: open (stakes to escrow),
// journal each roll before showing it, record the outcome, settle. `stopAfter` stops
// early to leave an interrupted round behind.
import { FairRng, hashServerSeed } from '../../src/games/rng/fair.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { TEST_DICE, diceStart, diceStep, dicePayouts, diceOutcome, type DiceState } from '../fixtures/dice.ts';
import type { SettleResult } from '../../src/ledger/rounds/types.ts';

export interface DiceSeat {
  player: string;
  amount: number;
  pick: 'high' | 'low';
}

export type Stop = 'after-open' | 'after-rolls' | 'after-outcome' | number;

export async function playDiceRound(ledger: Ledger, o: {
  roundId: string; tableId?: string; seats: DiceSeat[]; serverSeed?: string; jackpotPool?: string; stopAfter?: Stop;
}): Promise<{ state: DiceState; settled: SettleResult | null }> {
  const seeds = { serverSeed: o.serverSeed ?? `seed-${o.roundId}`, clientSeed: `client-${o.roundId}`, nonce: 1 };
  const stakes = o.seats.map((s) => ({ player: s.player, amount: s.amount, bet: { pick: s.pick } }));
  const opened = await ledger.rounds.open({ roundId: o.roundId, game: TEST_DICE, tableId: o.tableId ?? 'table-1', rulesVersion: 'dice-1',
    currency: 'EUR', seeds, stakes, jackpotPool: o.jackpotPool });
  if (opened.serverSeedHash !== hashServerSeed(seeds.serverSeed)) throw new Error('commitment mismatch');
  let state = diceStart(stakes);
  if (o.stopAfter === 'after-open') return { state, settled: null };
  const rng = new FairRng(seeds);
  for (const [i, s] of o.seats.entries()) {
    if (o.stopAfter === i) return { state, settled: null };
    const action = { type: 'roll' as const, player: s.player };
    const step = diceStep(state, action, rng);
    await ledger.rounds.appendAction(o.roundId, action, step.events);
    state = step.state;
  }
  const outcome = { outcome: diceOutcome(state), payouts: dicePayouts(state) };
  if (o.stopAfter === 'after-rolls') return { state, settled: null };
  await ledger.rounds.recordOutcome(o.roundId, outcome);
  if (o.stopAfter === 'after-outcome') return { state, settled: null };
  return { state, settled: await ledger.rounds.settle(o.roundId, outcome) };
}
