// Runs in its own pinned process: times each 7-card evaluator over the same
// hands for at least `minMs` (after a warm-up pass, so the JIT has compiled the
// hot loop), checks that they agree on which of two hands wins, and prints one
// JSON line. Pitboss takes card ints, phe its card codes (through its public
// `evaluateCardCodes`, and through its internal 7-card function as its best
// case), pokersolver strings: each library's own input, prepared before timing.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { evaluate7 } from '../../src/games/hand_rank/index.ts';
import { randomHands, handStrings } from './hands.ts';

const require = createRequire(import.meta.url);
const phe = require('phe') as { cardCodes(s: string[]): number[]; evaluateCardCodes(c: number[]): number };
// phe's own 7-card function, without the array/apply wrapper: its fastest path.
const phe7 = require('phe/lib/evaluator7') as (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => number;
const { Hand } = require('pokersolver') as { Hand: { solve(c: string[]): object; winners(h: object[]): object[] } };

const count = Number(process.argv[2] ?? 262_144);
const minMs = Number(process.argv[3] ?? 2000);
const hands = randomHands(count);
const strings = handStrings(hands, count);
const codes = strings.map((h) => phe.cardCodes(h));

// Each batch function holds its own loop, so every inner loop stays monomorphic
// (a shared loop calling three different closures would slow all three alike).
type Batch = (from: number, to: number) => number;
const batches: Record<string, Batch> = {
  pitboss: (from, to) => {
    let sum = 0;
    for (let o = from * 7, end = to * 7; o < end; o += 7) sum += evaluate7(hands[o], hands[o + 1], hands[o + 2], hands[o + 3], hands[o + 4], hands[o + 5], hands[o + 6]);
    return sum;
  },
  phe: (from, to) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += phe.evaluateCardCodes(codes[i]);
    return sum;
  },
  'phe-direct': (from, to) => {
    let sum = 0;
    for (let i = from; i < to; i++) {
      const h = codes[i];
      sum += phe7(h[0], h[1], h[2], h[3], h[4], h[5], h[6]);
    }
    return sum;
  },
  pokersolver: (from, to) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += (Hand.solve(strings[i]) as { rank: number }).rank;
    return sum;
  },
};

function time(batch: Batch): { evals: number; ms: number; perSec: number; checksum: number } {
  let sum = batch(0, Math.min(count, 20_000)); // warm-up, so the JIT has compiled the loop
  let evals = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < minMs) {
    // Read the clock every 4,096 hands so timing costs nothing measurable.
    const from = evals % count;
    const to = Math.min(count, from + 4096);
    sum += batch(from, to);
    evals += to - from;
    now = performance.now();
  }
  const ms = now - t0;
  return { evals, ms, perSec: (evals * 1000) / ms, checksum: sum };
}

const one = (i: number) => batches.pitboss(i, i + 1);

// Agreement on the winner of hand pairs (phe: lower is better; pokersolver: Hand.winners).
function agreement(pairs: number): { phe: number; pokersolver: number; pairs: number } {
  let p = 0;
  let s = 0;
  for (let k = 0; k < pairs; k++) {
    const a = 2 * k;
    const b = a + 1;
    const pb = Math.sign(one(a) - one(b));
    if (pb === Math.sign(phe.evaluateCardCodes(codes[b]) - phe.evaluateCardCodes(codes[a]))) p++;
    const ha = Hand.solve(strings[a]);
    const hb = Hand.solve(strings[b]);
    const w = Hand.winners([ha, hb]);
    const ps = w.length === 2 ? 0 : w[0] === ha ? 1 : -1;
    if (pb === ps) s++;
  }
  return { phe: p, pokersolver: s, pairs };
}

const results: Record<string, ReturnType<typeof time>> = {};
for (const [name, batch] of Object.entries(batches)) results[name] = time(batch);
process.stdout.write(`${JSON.stringify({ count, minMs, results, agreement: agreement(Math.min(2000, count >> 1)) })}\n`);
