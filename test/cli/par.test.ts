import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../src/cli/commands/par.ts';
import { shippedMachine } from '../../src/games/slots/machines.ts';
import { parFigures } from '../../src/games/slots/math/par.ts';
import { rat, toDecimal, toNumber } from '../../src/games/slots/math/rational.ts';

/** Runs `pitboss par ...args` in-process through the command's own registration. */
async function par(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const program = new Command('pitboss').exitOverride();
  register(program);
  let out = '';
  let err = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'pitboss', 'par', ...args]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

const dir = mkdtempSync(join(tmpdir(), 'pitboss-par-'));

describe('pitboss par', () => {
  // The enumeration takes a fraction of a second per machine: run each once and share it.
  const ids = ['classic', 'volcano'];
  const figures = new Map(ids.map((id) => [id, parFigures(shippedMachine(id)!)]));
  const printed = new Map<string, Record<string, any>>();
  before(async () => {
    for (const id of ids) {
      const r = await par(id, '--json');
      assert.equal(r.code, 0);
      assert.equal(r.out.trim().split('\n').length, 1, 'exactly one JSON object on stdout');
      printed.set(id, JSON.parse(r.out));
    }
  });

  it('prints one JSON object with the exact figures of each shipped machine', () => {
    for (const id of ids) {
      const m = shippedMachine(id)!;
      const f = figures.get(id)!;
      const j = printed.get(id)!;
      assert.equal(j.rtp, toNumber(f.rtp));
      assert.equal(j.hit_frequency, toNumber(f.hit_frequency));
      assert.equal(j.sd, f.sd);
      assert.equal(j.cycle, m.cycle);
      assert.equal(j.line_rtp, toNumber(f.line_rtp));
      assert.equal(j.scatter_rtp, toNumber(f.scatter_rtp));
      assert.equal(j.bonus_rtp, toNumber(f.bonus_rtp));
      assert.equal(j.volatility_index, 1.645 * f.sd);
      assert.equal(j.free_spin_trigger, toNumber(f.free_spin_trigger));
      assert.equal(j.exact.rtp, `${f.rtp.n}/${f.rtp.d}`);
    }
  });

  it('reads a machine file given by path like the shipped id', async () => {
    const path = join(dir, 'classic.json');
    writeFileSync(path, JSON.stringify(shippedMachine('classic')!.file));
    assert.deepEqual(JSON.parse((await par(path, '--json')).out), printed.get('classic'));
  });

  it('keeps the shipped machines inside their design ranges', () => {
    const classic = printed.get('classic')!;
    assert.ok(classic.rtp > 0.94 && classic.rtp < 0.97, `classic RTP ${classic.rtp}`);
    assert.ok(classic.hit_frequency > 0.2 && classic.hit_frequency < 0.4, `classic hit frequency ${classic.hit_frequency}`);
    const volcano = printed.get('volcano')!;
    assert.ok(volcano.rtp > 0.94 && volcano.rtp < 0.97, `volcano RTP ${volcano.rtp}`);
    assert.ok(volcano.sd > 2 * classic.sd, 'volcano is the high-volatility profile');
  });

  it('prints a PAR sheet with the pay table for people', async () => {
    const f = figures.get('classic')!;
    const { out, code } = await par('classic');
    assert.equal(code, 0);
    assert.match(out, new RegExp(`RTP\\s+${toDecimal(rat(f.rtp.n * 100n, f.rtp.d), 4).replace('.', '\\.')}%`));
    assert.match(out, /^\s+BELL\s+5\s+500\s+\d+\s+1 in [\d.]+\s+[\d.]+%$/m);
    assert.match(out, /^\s+3\s+2\s+10\s+\d+\s+1 in [\d.]+\s+[\d.]+%$/m); // 3 scatters: pays 2, 10 spins
  });

  it('explains a bad machine file or an unknown id and exits non-zero', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...shippedMachine('classic')!.file, paylines: [[1, 1, 1]] }));
    const r = await par(bad, '--json');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /paylines\.0: has 3 entries, the machine has 5 reels/);
    const unknown = await par('no-such-machine');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no such file, and no shipped machine has that id \(classic, volcano\)/);
  });

  it('runs as a subcommand of the pitboss CLI', () => {
    const out = execFileSync(process.execPath, ['src/cli/main.ts', 'par', 'volcano', '--json'], { encoding: 'utf8' });
    assert.equal(out.trim().split('\n').length, 1);
    assert.equal(JSON.parse(out).machine, 'volcano');
  });
});
