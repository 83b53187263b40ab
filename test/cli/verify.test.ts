import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cardToString, freshDeck } from '../../src/games/cards.ts';
import { FairRng, shuffle } from '../../src/games/rng/index.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, 'verify', ...args], { encoding: 'utf8' });
const seeds = { serverSeed: 'e3b0c44298fc1c149afbf4c8996fb924-revealed', clientSeed: 'lucky-player', nonce: 42 };
const base = ['--server-seed', seeds.serverSeed, '--client-seed', seeds.clientSeed, '--nonce', String(seeds.nonce)];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('pitboss verify', () => {
  it('recomputes a hold\'em deal from the seeds: the deck, the hole cards and the board', () => {
    const r = run(...base, '--game', 'poker', '--option', 'players=3', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // independent recomputation: the fair stream shuffles one ordered deck
    const deck = shuffle(new FairRng(seeds), freshDeck()).map(cardToString);
    assert.deepEqual(out.outcome.deck, deck);
    assert.deepEqual(out.outcome.hole, [[deck[0], deck[3]], [deck[1], deck[4]], [deck[2], deck[5]]]);
    // burn, flop, burn, turn, burn, river
    assert.deepEqual(out.outcome.board, [deck[7], deck[8], deck[9], deck[11], deck[13]]);
    assert.equal(out.serverSeedHash, sha256(seeds.serverSeed));
    assert.equal(out.hashMatches, null);
  });

  it('changes the outcome with the nonce', () => {
    const a = JSON.parse(run(...base, '--game', 'poker', '--json').stdout);
    const b = JSON.parse(run('--server-seed', seeds.serverSeed, '--client-seed', seeds.clientSeed, '--nonce', '43', '--game', 'poker', '--json').stdout);
    assert.notDeepEqual(a.outcome.deck, b.outcome.deck);
  });

  it('accepts the published hash of the revealed server seed', () => {
    const r = run(...base, '--game', 'roulette', '--hash', sha256(seeds.serverSeed).toUpperCase(), '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.hashMatches, true);
    assert.deepEqual(out.outcome, { number: new FairRng(seeds).int(37) });
  });

  it('exits 1 when the server seed was tampered with after the hash was published', () => {
    const r = run('--server-seed', `${seeds.serverSeed}x`, '--client-seed', seeds.clientSeed, '--nonce', '42', '--game', 'roulette', '--hash', sha256(seeds.serverSeed));
    assert.equal(r.status, 1);
    assert.match(r.stdout, /DOES NOT MATCH/);
    assert.match(r.stderr, /not the published/);
  });

  it('names the games it can verify when the game is unknown', () => {
    const r = run(...base, '--game', 'craps');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown game "craps"; games with a fair\.ts: .*poker/);
    assert.match(r.stderr, /roulette/);
    assert.doesNotMatch(r.stderr, /\brng\b/);
    assert.equal(run(...base, '--game', '../rng').status, 2);
  });

  it('rejects a malformed nonce and bad game options', () => {
    assert.equal(run('--server-seed', 's', '--client-seed', 'c', '--nonce', '-1', '--game', 'poker').status, 2);
    const r = run(...base, '--game', 'poker', '--option', 'players=40');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /players must be an integer from 2 to 22/);
  });
});
