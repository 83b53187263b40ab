// `pitboss sim` runs the simulators listed in src/games/sim_registry.ts, never what it
// finds on disk; this keeps the list complete.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { simulatorOf, simulators } from '../../src/games/sim_registry.ts';

describe('the simulator registry', () => {
  it('lists every game folder that ships a sim.ts, and loads a simulate function for each', async () => {
    const games = new URL('../../src/games/', import.meta.url);
    const shipped = readdirSync(games, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/sim.ts`, games)))
      .map((d) => d.name)
      .sort();
    assert.deepEqual(Object.keys(simulators).sort(), shipped);
    for (const game of shipped) assert.equal(typeof (await simulatorOf(game)), 'function', game);
  });

  it('knows no game by an inherited or unknown name', async () => {
    for (const name of ['craps', 'constructor', 'toString', '__proto__']) assert.equal(await simulatorOf(name), undefined, name);
  });
});
