import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Rng } from '../../../src/games/rng/types.ts';
import { SeededRng } from '../../../src/games/rng/seeded.ts';
import { parseMachine } from '../../../src/games/slots/machine.ts';
import { shippedMachine } from '../../../src/games/slots/machines.ts';
import { nextFreeSpin, playRound, spinReply, startRound, type SlotRound } from '../../../src/games/slots/round.ts';
import { fairOutcome } from '../../../src/games/slots/fair.ts';
import { FairRng } from '../../../src/games/rng/fair.ts';
import { tinyFile } from './fixtures.ts';

/** An Rng that returns the given draws in order and records the ranges it was asked for. */
function scripted(draws: number[]): Rng & { ranges: number[] } {
  const ranges: number[] = [];
  return {
    ranges,
    int(n: number) {
      ranges.push(n);
      const v = draws.shift();
      if (v === undefined || v >= n) throw new Error(`script exhausted or out of range for int(${n})`);
      return v;
    },
  };
}

const tiny = parseMachine(tinyFile);
// Stops [2,0,1] show S A S: two scatters (pays 1 × bet, awards 1 spin). Stops [1,2,3] show W W W (pays 50).
const SCRIPT = [2, 0, 1, 2, 0, 1, 1, 2, 3];

describe('slot rounds', () => {
  it('plays a free-spin feature with multiplier and retrigger inside the round', () => {
    const rng = scripted([...SCRIPT]);
    const r = playRound(tiny, 7, rng);
    assert.ok(r.ok);
    assert.deepEqual(rng.ranges, [3, 3, 4, 3, 3, 4, 3, 3, 4]); // one draw per reel, strip length each
    const s = r.state;
    assert.equal(s.type, 'settled');
    assert.deepEqual(s.base.window, [['S'], ['A'], ['S']]);
    assert.deepEqual(s.base.wins, [{ kind: 'scatter', symbol: 'S', count: 2, amount: 7 }]);
    assert.equal(s.base.free_spins_awarded, 1);
    // first free spin: same scatters × multiplier 2, and one more spin
    assert.deepEqual(s.feature[0]!.wins, [{ kind: 'scatter', symbol: 'S', count: 2, amount: 14 }]);
    assert.equal(s.feature[0]!.free_spins_awarded, 1);
    assert.deepEqual(s.feature[1]!.wins, [{ kind: 'line', line: 0, symbol: 'W', count: 3, amount: 50 * 7 * 2 }]);
    assert.equal(s.feature.length, 2);
    assert.equal(s.win, 7 + 14 + 700);
    assert.deepEqual(r.events.map((e) => e.type), ['spin', 'spin', 'spin', 'settled']);
    assert.deepEqual(r.events.at(-1), { type: 'settled', win: 721, free_spins: 2 });
  });

  it('gives the same round stepped spin by spin as played in one step', () => {
    const m = tiny; // a feature every 12 spins on average, so many rounds below have one
    let features = 0;
    for (let seed = 0; seed < 400; seed++) {
      const whole = playRound(m, 10, new SeededRng(String(seed)));
      const rng = new SeededRng(String(seed));
      let step = startRound(m, 10, rng);
      const events = [];
      for (;;) {
        assert.ok(step.ok);
        events.push(...step.events);
        if (step.state.type === 'settled') break;
        step = nextFreeSpin(m, step.state, rng);
      }
      assert.ok(whole.ok);
      assert.deepEqual(step.state, whole.state);
      assert.deepEqual(events, whole.events);
      if (whole.state.feature.length > 0) features++;
    }
    assert.ok(features >= 10, `only ${features} rounds had free spins`);
  });

  it('tracks the spins left while the feature runs and closes the round after', () => {
    const rng = scripted([...SCRIPT]);
    const first = startRound(tiny, 1, rng);
    assert.ok(first.ok && first.state.type === 'free_spins');
    assert.equal(first.state.remaining, 1);
    const second = nextFreeSpin(tiny, first.state, rng);
    assert.ok(second.ok && second.state.type === 'free_spins');
    assert.equal(second.state.remaining, 1); // used one, retriggered one
    const third = nextFreeSpin(tiny, second.state, rng);
    assert.ok(third.ok && third.state.type === 'settled');
    const again = nextFreeSpin(tiny, third.state as SlotRound, rng);
    assert.deepEqual(again, { ok: false, reason: 'round_closed', message: 'the round has no free spins left' });
  });

  it('answers a spin in the table protocol shape', () => {
    const r = playRound(tiny, 3, scripted([...SCRIPT]));
    assert.ok(r.ok);
    const reply = spinReply(r.state);
    assert.deepEqual(Object.keys(reply), ['window', 'wins', 'win', 'free_spins', 'feature']);
    assert.deepEqual(reply.window, [['S'], ['A'], ['S']]);
    assert.equal(reply.win, 3 + 6 + 300);
    assert.equal(reply.free_spins, 2);
    assert.deepEqual(reply.feature.map((f) => f.win), [6, 300]);
  });

  it('replays a provably-fair round from its seeds', () => {
    const seeds = { serverSeed: 'server', clientSeed: 'client', nonce: 3 };
    const a = fairOutcome(new FairRng(seeds), {});
    assert.deepEqual(a, fairOutcome(new FairRng(seeds)));
    assert.equal(a.machine, 'classic');
    const round = playRound(shippedMachine('classic')!, 20, new FairRng(seeds));
    assert.ok(round.ok);
    assert.deepEqual(a.window, round.state.base.window);
    assert.deepEqual(a.stops, round.state.base.stops);
    assert.equal(a.free_spins.length, round.state.feature.length);
    assert.equal(fairOutcome(new FairRng(seeds), { machine: 'volcano' }).machine, 'volcano');
  });
});
