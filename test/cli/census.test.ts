import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, 'census', ...args], { encoding: 'utf8' });

describe('pitboss census', () => {
  it('prints exactly one JSON object with the exact 5-card counts', () => {
    const r = run('poker', '--cards', '5', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['hands', 'categories', 'distinct', 'seconds']);
    assert.deepEqual(Object.keys(out.categories), [
      'straight_flush', 'four_of_a_kind', 'full_house', 'flush', 'straight', 'three_of_a_kind', 'two_pair', 'one_pair', 'high_card',
    ]);
    assert.equal(out.hands, 2_598_960);
    assert.equal(out.distinct, 7462);
    assert.equal(out.categories.straight_flush, 40);
    assert.equal(out.categories.high_card, 1_302_540);
    assert.ok(typeof out.seconds === 'number' && out.seconds >= 0);
    // stderr is not a terminal here, so no progress bar may appear anywhere
    assert.equal(r.stderr.replace(/npm warn.*\n/g, ''), '');
  });

  it('enumerates all 133,784,560 seven-card hands in seconds', () => {
    const r = run('poker', '--cards', '7', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.hands, 133_784_560);
    assert.equal(out.distinct, 4824);
    assert.equal(out.categories.one_pair, 58_627_800);
    assert.equal(out.categories.straight_flush, 41_584);
    assert.ok(out.seconds < 30, `took ${out.seconds} s`);
  });

  it('prints a readable table without --json', () => {
    const r = run('poker', '--cards', '5');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /full_house\s+3,744\s+0\.1441%/);
    assert.match(r.stdout, /total\s+2,598,960/);
    assert.match(r.stdout, /distinct values: 7462/);
  });

  it('refuses an unsupported game or hand size', () => {
    const six = run('poker', '--cards', '6');
    assert.equal(six.status, 2);
    assert.match(six.stderr, /--cards must be 5 or 7/);
    const other = run('blackjack', '--cards', '5');
    assert.equal(other.status, 2);
    assert.match(other.stderr, /unknown game "blackjack"/);
  });
});
