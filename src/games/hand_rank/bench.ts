// Evaluator throughput (run: npx node src/games/hand_rank/bench.ts [--hands N]). Scores
// the same seeded random 7-card hands with evaluate7, the npm `phe` port of
// PokerHandEvaluator and the npm `pokersolver`, one core, best of five passes timed in CPU
// time so that a busy machine's stalls do not count. Not part of the server: a measuring
// tool for docs/game-math.md.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { cardToString } from '../cards.ts';
import { SeededRng } from '../rng/seeded.ts';
import { evaluate7 } from './evaluate.ts';

const require = createRequire(import.meta.url);
const phe = require('phe') as { evaluateCardCodes(cards: number[]): number };
const pokersolver = require('pokersolver') as { Hand: { solve(cards: string[]): unknown } };

const { values } = parseArgs({ options: { hands: { type: 'string', default: '1048576' } } });
const N = Number(values.hands);
const hands = new Uint8Array(N * 7);
const rng = new SeededRng('poker-bench');
const deck = Array.from({ length: 52 }, (_, i) => i);
for (let i = 0; i < N; i++) {
  // a partial Fisher–Yates: the first 7 cards of a fresh shuffle
  for (let j = 0; j < 7; j++) {
    const k = j + rng.int(52 - j);
    [deck[j], deck[k]] = [deck[k]!, deck[j]!];
    hands[i * 7 + j] = deck[j]!;
  }
}

let sink = 0; // every pass returns a checksum that is consumed, so no work can be optimised away

/** Best evaluations per CPU second (this process's user + system time, so time spent
 * descheduled on a shared machine does not count) over five passes of `count` hands. */
function rate(count: number, pass: (count: number) => number): number {
  let best = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.cpuUsage();
    sink += pass(count);
    const t = process.cpuUsage(t0);
    best = Math.max(best, count / ((t.user + t.system) / 1e6));
  }
  return best;
}

const ours = rate(N, (n) => {
  let acc = 0;
  for (let i = 0; i < n * 7; i += 7) acc += evaluate7(hands[i]!, hands[i + 1]!, hands[i + 2]!, hands[i + 3]!, hands[i + 4]!, hands[i + 5]!, hands[i + 6]!);
  return acc;
});
const asArray = (i: number) => Array.from(hands.subarray(i * 7, i * 7 + 7));
const pheRate = rate(Math.min(N, 200_000), (n) => {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += phe.evaluateCardCodes(asArray(i));
  return acc;
});
const solverRate = rate(Math.min(N, 20_000), (n) => {
  let acc = 0;
  for (let i = 0; i < n; i++) if (pokersolver.Hand.solve(asArray(i).map(cardToString))) acc++;
  return acc;
});
console.log(
  JSON.stringify({
    hands: N,
    evaluate7_per_s: Math.round(ours),
    phe_per_s: Math.round(pheRate),
    pokersolver_per_s: Math.round(solverRate),
    vs_pokersolver: Math.round(ours / solverRate),
    sink: sink > 0,
  }),
);
