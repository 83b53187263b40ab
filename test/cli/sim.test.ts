import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate as roulette } from '../../src/games/roulette/sim.ts';
import { simulate as blackjack } from '../../src/games/blackjack/sim.ts';
import { parseRulesFlag } from '../../src/cli/commands/sim.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, 'sim', ...args], { encoding: 'utf8' });

describe('pitboss sim', () => {
  it('prints exactly one JSON object with --json, the same figures simulate() gives', () => {
    const r = run('roulette', '--rounds', '20000', '--seed', 'cli', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['game', 'rounds', 'rtp', 'house_edge', 'ci95', 'bets']);
    const direct = roulette({ rounds: 20000, seed: 'cli', options: {} });
    assert.deepEqual(out, { game: 'roulette', rounds: 20000, rtp: direct.rtp, house_edge: direct.house_edge, ci95: direct.ci95, bets: direct.bets });
    assert.equal(r.stderr, ''); // no progress bar outside a terminal
  });

  it('passes --rules k=v pairs and JSON rule files to the game', () => {
    const expected = blackjack({ rounds: 3000, seed: 'r', options: { decks: 0, h17: true, bj: '6:5' } });
    const a = JSON.parse(run('blackjack', '--rounds', '3000', '--seed', 'r', '--rules', 'decks=0,h17=true,bj=6:5', '--json').stdout) as { rtp: number };
    assert.equal(a.rtp, expected.rtp);
    const file = join(mkdtempSync(join(tmpdir(), 'pitboss-sim-')), 'rules.json');
    writeFileSync(file, JSON.stringify({ decks: 0, dealerHitsSoft17: true, blackjackPays: '6:5' }));
    const b = JSON.parse(run('blackjack', '--rounds', '3000', '--seed', 'r', '--rules', file, '--json').stdout) as { rtp: number };
    assert.equal(b.rtp, expected.rtp);
  });

  it('prints a readable table without --json', () => {
    const r = run('baccarat', '--rounds', '5000', '--seed', 't');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^baccarat: 5000 rounds, seed "t"/);
    for (const row of ['all', 'player', 'banker', 'tie', 'player_pair', 'banker_pair']) assert.match(r.stdout, new RegExp(`^${row}\\s+\\d+\\.\\d{4}%`, 'm'));
  });

  it('refuses unknown games and bad rules with a message and exit code 2', () => {
    const unknown = run('craps', '--rounds', '10');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown game "craps".*blackjack.*roulette/);
    const badRules = run('blackjack', '--rounds', '10', '--rules', 'decks=11');
    assert.equal(badRules.status, 2);
    assert.match(badRules.stderr, /decks must be an integer/);
    const fixed = run('roulette', '--rounds', '10', '--rules', 'zeros=2');
    assert.equal(fixed.status, 2);
    assert.match(fixed.stderr, /unknown option\(s\): zeros/);
  });

  it('reads --rules values as JSON when they parse, as text otherwise', () => {
    assert.deepEqual(parseRulesFlag('decks=0, h17=true,bj=6:5,penetration=0.8'), { decks: 0, h17: true, bj: '6:5', penetration: 0.8 });
    assert.deepEqual(parseRulesFlag(undefined), {});
    assert.throws(() => parseRulesFlag('decks'), /key=value/);
  });
});
