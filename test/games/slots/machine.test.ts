import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MachineError, parseMachine } from '../../../src/games/slots/machine.ts';
import { defaultMachine, machineFromOption, shippedMachine, shippedMachineIds } from '../../../src/games/slots/machines.ts';
import { smallFile, tinyFile } from './fixtures.ts';

/** The issues parseMachine reports for `file`, joined (fails if the machine is accepted). */
function issuesOf(file: unknown): string {
  try {
    parseMachine(file);
  } catch (err) {
    assert.ok(err instanceof MachineError, String(err));
    return err.issues.join('\n');
  }
  assert.fail('the machine was accepted');
}

describe('parseMachine', () => {
  it('compiles a machine to symbol indexes and dense pay tables', () => {
    const m = parseMachine(tinyFile);
    assert.deepEqual(m.symbols, ['A', 'W', 'S', 'B']);
    assert.deepEqual(m.strips, [[0, 1, 2], [0, 3, 1], [0, 2, 3, 1]]);
    assert.equal(m.wild, 1);
    assert.equal(m.scatter, 2);
    assert.deepEqual(m.pays[1], [0, 0, 2, 50]);
    assert.deepEqual(m.scatterPays.slice(0, 3), [0, 0, 1]);
    assert.equal(m.multiplier, 2);
    assert.equal(m.cycle, 36);
  });

  it('names a pay for a symbol that is on no reel', () => {
    assert.match(issuesOf({ ...tinyFile, pays: { ...tinyFile.pays, Z: { '3': 1 } } }), /pays\.Z: symbol "Z" appears on no reel/);
  });

  it('names paylines of the wrong length and rows out of range', () => {
    const text = issuesOf({ ...smallFile, paylines: [[1, 1, 1, 1], [0, 3, 0, 0, 0], [0, -1, 0, 0, 0]] });
    assert.match(text, /paylines\.0: has 4 entries, the machine has 5 reels/);
    assert.match(text, /paylines\.1\.1: row 3 is outside 0\.\.2/);
    assert.match(text, /paylines\.2\.1: row -1 is outside 0\.\.2/);
  });

  it('refuses empty reels, no reels, no paylines and duplicate paylines', () => {
    assert.match(issuesOf({ ...tinyFile, reels: [['A'], [], ['A']] }), /reels\.1: a reel strip may not be empty/);
    assert.match(issuesOf({ ...tinyFile, reels: [] }), /reels: a machine needs at least one reel/);
    assert.match(issuesOf({ ...tinyFile, paylines: [] }), /paylines: a machine needs at least one payline/);
    assert.match(issuesOf({ ...tinyFile, paylines: [[0, 0, 0], [0, 0, 0]] }), /paylines\.1: duplicates an earlier payline/);
  });

  it('refuses strips shorter than the window and unknown wild or scatter symbols', () => {
    assert.match(issuesOf({ ...smallFile, reels: [['A', 'K'], ...smallFile.reels.slice(1)] }), /reels\.0: 2 stops cannot fill 3 rows/);
    assert.match(issuesOf({ ...tinyFile, wild: 'V' }), /wild: symbol "V" appears on no reel/);
    assert.match(issuesOf({ ...tinyFile, scatter: { ...tinyFile.scatter, symbol: 'W' } }), /scatter cannot also be the wild/);
  });

  it('refuses pay tables with gaps or runs longer than the reels', () => {
    assert.match(issuesOf({ ...smallFile, pays: { ...smallFile.pays, Q: { '3': 3, '5': 10 } } }), /pays\.Q: every count from 3 to 5 needs an entry \(missing 4\)/);
    assert.match(issuesOf({ ...tinyFile, pays: { ...tinyFile.pays, A: { '3': 1, '4': 2 } } }), /pays\.A\.4: exceeds the largest possible count 3/);
    // the small machine can show 6 scatters, so a table ending at 5 leaves 6 paying nothing
    assert.match(issuesOf({ ...smallFile, scatter: { ...smallFile.scatter, pays: { '3': 1, '4': 2, '5': 3 } } }), /scatter\.pays: every count from 3 to 6 needs an entry \(missing 6\)/);
  });

  it('refuses non-integer pays, unknown fields and a scatter among line pays', () => {
    assert.match(issuesOf({ ...tinyFile, pays: { A: { '3': 1.5 } } }), /pays\.A\.3/);
    const keys = issuesOf({ ...tinyFile, pays: { A: { three: 1, '0': 2 } } });
    assert.match(keys, /pays\.A\.three: keys are counts from 1, written like "3"/);
    assert.match(keys, /pays\.A\.0: keys are counts from 1/);
    assert.match(issuesOf({ ...tinyFile, colour: 'red' }), /colour/);
    assert.match(issuesOf({ ...tinyFile, pays: { ...tinyFile.pays, S: { '3': 1 } } }), /pays\.S: the scatter pays through scatter\.pays/);
  });

  it('refuses a feature that would not end: q ≥ 1 spins awarded per spin', () => {
    // two scatters (probability 1/12) awarding 12 spins: q = 1 exactly
    assert.match(issuesOf({ ...tinyFile, scatter: { ...tinyFile.scatter, freeSpins: { '2': 12 } } }), /awards 1 free spins on average; it must be below 1/);
    assert.doesNotThrow(() => parseMachine({ ...tinyFile, scatter: { ...tinyFile.scatter, freeSpins: { '2': 11 } } }));
  });

  it('loads every shipped machine, the default by absence, and ids by name', () => {
    assert.deepEqual(shippedMachineIds(), ['classic', 'volcano']);
    for (const id of shippedMachineIds()) assert.equal(shippedMachine(id)!.id, id);
    assert.equal(defaultMachine().id, 'classic');
    assert.equal(machineFromOption(undefined).id, 'classic');
    assert.equal(machineFromOption('volcano').id, 'volcano');
    assert.equal(machineFromOption(tinyFile).id, 'tiny');
    assert.throws(() => machineFromOption('nope'), /no shipped slot machine "nope"/);
  });
});
