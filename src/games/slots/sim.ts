// `pitboss sim` for slots: plays whole rounds (base spin + complete feature) with the
// seeded source, one credit per line, and reports the return per unit bet with a 95%
// confidence interval from the sample variance of the per-round return.
import type { SimOptions, SimResult } from '../types.ts';
import { SeededRng } from '../rng/seeded.ts';
import { machineFromOption } from './machines.ts';
import { playRound } from './round.ts';

const PROGRESS_EVERY = 10_000;

export function simulate(opts: SimOptions): SimResult {
  const machine = machineFromOption(opts.options?.machine);
  const rng = new SeededRng(opts.seed);
  const bet = machine.paylines.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 1; i <= opts.rounds; i++) {
    const round = playRound(machine, bet, rng);
    if (!round.ok) throw new Error(round.message); // unreachable: the bet is one credit per line
    const ret = round.state.win / bet;
    sum += ret;
    sumSq += ret * ret;
    if (opts.onProgress && i % PROGRESS_EVERY === 0) opts.onProgress(i);
  }
  const n = opts.rounds;
  const rtp = n > 0 ? sum / n : 0;
  const variance = n > 1 ? (sumSq - n * rtp * rtp) / (n - 1) : 0;
  const half = 1.96 * Math.sqrt(Math.max(variance, 0) / Math.max(n, 1));
  const stats = { rtp, house_edge: 1 - rtp, ci95: [rtp - half, rtp + half] as [number, number] };
  return { game: 'slots', rounds: n, ...stats, bets: { spin: stats } };
}
