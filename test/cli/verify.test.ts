import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cardToString, freshDeck } from '../../src/games/cards.ts';
import { FairRng, shuffle } from '../../src/games/rng/index.ts';
import { openStore } from '../../src/store/open.ts';
import { Ledger } from '../../src/ledger/ledger.ts';

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

describe('pitboss verify jackpot', () => {
  const jackpot = (...args: string[]) => spawnSync(process.execPath, [main, 'verify', 'jackpot', ...args], { encoding: 'utf8' });

  it('checks a won jackpot\'s revealed hit point and salt against the commitment published before the win', async () => {
    const store = await openStore({ kind: 'pglite-memory' });
    try {
      const l = new Ledger(store, { largeWin: Number.MAX_SAFE_INTEGER });
      await l.wallet.deposit({ player: 'v1', currency: 'EUR', amount: 100_000, key: 'v1-dep' });
      await l.jackpots.create({ id: 'VJ', currency: 'EUR', contributionBps: 10_000, seed: 1000, mustHitBy: 2000 });
      const published = (await l.jackpots.get('VJ'))!.hit!;
      let won = null;
      for (let i = 0; !won && i < 200; i++) {
        won = (await l.rounds.playInstant({ roundId: `v-${i}`, game: 'slots', tableId: 'vt', rulesVersion: 'slots-1', currency: 'EUR',
          seeds: { serverSeed: `s${i}`, clientSeed: 'c', nonce: i }, jackpotPool: 'VJ', player: 'v1', stake: 10,
          steps: [{ action: {}, events: [] }], outcome: null, payout: 0 })).settle!.jackpot;
      }
      const { hitPoint, salt } = won!.reveal!;
      const range = ['--reset', String(published.lo), '--ceiling', String(published.hi)];
      const ok = jackpot('--hit-point', String(hitPoint), '--salt', salt, '--commitment', published.commitment, ...range, '--json');
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout), { hitPoint, salt, commitment: sha256(`${hitPoint}:${salt}`), hashMatches: true, range: [1000, 2000], inRange: true });
      // A hit point changed after the fact does not match what was published.
      const moved = jackpot('--hit-point', String(hitPoint + 1), '--salt', salt, '--commitment', published.commitment, ...range);
      assert.equal(moved.status, 1);
      assert.match(moved.stdout, /DOES NOT MATCH/);
      // Nor does one outside the published range, even with a matching hash.
      const outside = jackpot('--hit-point', '2500', '--salt', 'x'.repeat(32), '--commitment', sha256(`2500:${'x'.repeat(32)}`), ...range);
      assert.equal(outside.status, 1);
      assert.match(outside.stderr, /outside \[1000, 2000\]/);
    } finally {
      await store.close();
    }
  });

  it('rejects malformed input with exit 2, and still needs the seeds for a round', () => {
    assert.equal(jackpot('--hit-point', '1.5', '--salt', 's', '--commitment', 'h', '--reset', '0', '--ceiling', '9').status, 2);
    assert.equal(jackpot('--hit-point', '5', '--salt', 's', '--commitment', 'h', '--reset', '9', '--ceiling', '0').status, 2);
    const r = run('--game', 'poker');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--server-seed/);
  });
});
