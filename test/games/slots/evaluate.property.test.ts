import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeededRng } from '../../../src/games/rng/seeded.ts';
import { evaluateWindow } from '../../../src/games/slots/evaluate.ts';
import { parseMachine } from '../../../src/games/slots/machine.ts';
import { defaultMachine, shippedMachine } from '../../../src/games/slots/machines.ts';
import { checkBet, playRound } from '../../../src/games/slots/round.ts';
import { smallFile } from './fixtures.ts';

type File = { reels: string[][]; rows: number; paylines: number[][]; wild?: string; pays: Record<string, Record<string, number>>; scatter?: { symbol: string; pays: Record<string, number> } };

/** The rules read literally off the file, on symbol names: for each paying symbol, the run of
 * leading cells equal to it or to the wild (the wild alone for the wild); pay the largest. */
function referenceLinePays(file: File, window: string[][]): number[] {
  return file.paylines.map((rows) => {
    const cells = rows.map((row, reel) => window[reel]![row]!);
    let best = 0;
    for (const [s, table] of Object.entries(file.pays)) {
      const k = cells.findIndex((c) => !(c === s || c === file.wild));
      const run = k === -1 ? cells.length : k;
      best = Math.max(best, table[String(run)] ?? 0);
    }
    return best;
  });
}

const windowOf = (file: File) => {
  const symbols = [...new Set(file.reels.flat())];
  return fc.array(fc.array(fc.constantFrom(...symbols), { minLength: file.rows, maxLength: file.rows }), { minLength: file.reels.length, maxLength: file.reels.length });
};

describe('slot evaluation (properties)', () => {
  for (const file of [smallFile as File, shippedMachine('classic')!.file as File, shippedMachine('volcano')!.file as File]) {
    it(`pays every line of a random ${(file as { id?: string }).id} window as the literal rules do`, () => {
      const m = parseMachine(file);
      fc.assert(
        fc.property(windowOf(file), (names) => {
          const window = names.map((col) => col.map((s) => m.symbols.indexOf(s)));
          const e = evaluateWindow(m, window);
          const expected = referenceLinePays(file, names);
          const got = new Array<number>(expected.length).fill(0);
          for (const w of e.lineWins) got[w.line] = w.pay;
          assert.deepEqual(got, expected);
          const scatters = names.flat().filter((s) => s === file.scatter?.symbol).length;
          assert.equal(e.scatters, scatters);
          const scatterPay = file.scatter?.pays[String(scatters)] ?? 0;
          assert.equal(e.units, expected.reduce((a, b) => a + b, 0) + scatterPay * file.paylines.length);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('pays non-negative integer amounts, all multiples of the bet per line', () => {
    const m = defaultMachine();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.string(), (perLine, seed) => {
        const r = playRound(m, perLine * m.paylines.length, new SeededRng(seed));
        assert.ok(r.ok);
        const spins = [r.state.base, ...r.state.feature];
        for (const s of spins) {
          assert.ok(Number.isSafeInteger(s.win) && s.win >= 0 && s.win % perLine === 0);
          for (const w of s.wins) assert.ok(Number.isSafeInteger(w.amount) && w.amount > 0);
          assert.equal(s.wins.reduce((a, w) => a + w.amount, 0), s.win);
        }
        assert.equal(r.state.win, spins.reduce((a, s) => a + s.win, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a bet that is not a positive whole multiple of the lines, with a reason', () => {
    const m = defaultMachine(); // 20 lines
    const bad = fc.oneof(
      fc.double({ noNaN: false }).filter((x) => !Number.isInteger(x)),
      fc.integer({ max: 0 }).map((k) => k * 20),
      fc.integer({ min: 1, max: 1e9 }).filter((x) => x % 20 !== 0),
      fc.constantFrom<unknown>('20', null, undefined, 20n, Number.MAX_SAFE_INTEGER + 1),
    );
    fc.assert(
      fc.property(bad, fc.string(), (bet, seed) => {
        const r = playRound(m, bet, new SeededRng(seed));
        assert.equal(r.ok, false);
        assert.ok(!r.ok && r.reason === 'invalid_payload' && r.message.length > 0);
      }),
    );
    assert.match((checkBet(m, 30) as { message: string }).message, /multiple of the 20 paylines/);
    assert.match((checkBet(m, -20) as { message: string }).message, /positive/);
    assert.match((checkBet(m, 20.5) as { message: string }).message, /integer/);
    assert.deepEqual(checkBet(m, 40), { ok: true, betPerLine: 2 });
  });

  it('plays the same round from the same seed', () => {
    const m = shippedMachine('volcano')!;
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 100 }), (seed, perLine) => {
        const bet = perLine * m.paylines.length;
        assert.deepEqual(playRound(m, bet, new SeededRng(seed)), playRound(m, bet, new SeededRng(seed)));
      }),
      { numRuns: 100 },
    );
  });
});
