import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cardToString, freshDeck } from '../../src/games/cards.ts';
import { FairRng, shuffle } from '../../src/games/rng/index.ts';
import { openStore } from '../../src/store/open.ts';
import { Ledger } from '../../src/ledger/ledger.ts';
import { commitDeck, drawSalts, openPosition } from '../../src/games/holdem/commit.ts';
import { fairOutcome as slotsOutcome } from '../../src/games/slots/fair.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, 'verify', ...args], { encoding: 'utf8' });
const seeds = { serverSeed: 'e3b0c44298fc1c149afbf4c8996fb924-revealed', clientSeed: 'lucky-player', nonce: 42 };
const base = ['--server-seed', seeds.serverSeed, '--client-seed', seeds.clientSeed, '--nonce', String(seeds.nonce)];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('pitboss verify', () => {
  it('recomputes a hold\'em deal from the seeds: the deck, the root, the hole cards and the board (also as --game poker)', () => {
    const r = run(...base, '--game', 'holdem', '--option', 'players=3', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    // independent recomputation: the fair stream shuffles one ordered deck, then draws the salts
    const rng = new FairRng(seeds);
    const order = shuffle(rng, freshDeck());
    const deck = order.map(cardToString);
    assert.deepEqual(out.outcome.deck, deck);
    assert.equal(out.outcome.commitment, commitDeck(order, drawSalts(rng)).root);
    assert.deepEqual(out.outcome.holes, [[deck[0], deck[3]], [deck[1], deck[4]], [deck[2], deck[5]]]);
    // burn, flop, burn, turn, burn, river
    assert.deepEqual(out.outcome.board, [deck[7], deck[8], deck[9], deck[11], deck[13]]);
    assert.equal(out.serverSeedHash, sha256(seeds.serverSeed));
    assert.equal(out.hashMatches, null);
    assert.deepEqual(JSON.parse(run(...base, '--game', 'poker', '--option', 'players=3', '--json').stdout).outcome, out.outcome);
  });

  it('changes the outcome with the nonce, and recomputes a range of a seed pair\'s rounds', () => {
    const a = JSON.parse(run(...base, '--game', 'holdem', '--json').stdout);
    const b = JSON.parse(run('--server-seed', seeds.serverSeed, '--client-seed', seeds.clientSeed, '--nonce', '43', '--game', 'holdem', '--json').stdout);
    assert.notDeepEqual(a.outcome.deck, b.outcome.deck);
    const r = run('--server-seed', seeds.serverSeed, '--client-seed', seeds.clientSeed, '--nonce', '0-3', '--game', 'slots', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.nonces, [0, 3]);
    assert.deepEqual(out.rounds, [0, 1, 2, 3].map((nonce) => ({ nonce, outcome: slotsOutcome(new FairRng({ ...seeds, nonce })) })));
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

  it('names the games of the fair registry when the game is unknown', () => {
    const r = run(...base, '--game', 'craps');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown game "craps"; games: baccarat, blackjack, holdem, poker, roulette, slots$/m);
    assert.equal(run(...base, '--game', '../rng').status, 2);
    assert.equal(run(...base, '--game', 'toString').status, 2);
  });

  it('rejects a malformed nonce, missing seeds and bad game options', () => {
    assert.equal(run('--server-seed', 's', '--client-seed', 'c', '--nonce', '-1', '--game', 'holdem').status, 2);
    assert.equal(run('--server-seed', 's', '--client-seed', 'c', '--nonce', '5-2', '--game', 'holdem').status, 2);
    assert.equal(run('--server-seed', 's', '--nonce', '1', '--game', 'holdem').status, 2);
    const r = run(...base, '--game', 'holdem', '--option', 'players=40');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /players must be an integer from 2 to 9/);
  });

  it('checks hold\'em openings against their root without any seed: a file of hands, or --root and --opening', () => {
    const rng = new FairRng(seeds);
    const deck = shuffle(rng, freshDeck());
    const c = commitDeck(deck, drawSalts(rng));
    const mine = [openPosition(c, deck, 1), openPosition(c, deck, 4)];
    const file = join(mkdtempSync(join(tmpdir(), 'verify-')), 'hands.json');
    writeFileSync(file, JSON.stringify([{ round_id: 'r1', root: c.root, openings: mine }]));
    const r = run('--openings', file, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { ok: true, hands: [{ round_id: 'r1', root: c.root, ok: true, cards: [cardToString(deck[1]!), cardToString(deck[4]!)], positions: [1, 4], failed: [] }] });
    const text = run('--root', c.root, ...mine.flatMap((o) => ['--opening', JSON.stringify(o)]));
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^verified: ${cardToString(deck[1]!)}@1 ${cardToString(deck[4]!)}@4$`, 'm'));
    // another card at position 4, or another hand's root: exit 1
    const forged = { ...mine[1]!, card: cardToString(deck[5]!) };
    const bad = run('--root', c.root, '--opening', JSON.stringify(mine[0]), '--opening', JSON.stringify(forged), '--json');
    assert.equal(bad.status, 1);
    assert.deepEqual(JSON.parse(bad.stdout).hands[0].failed, [1]);
    assert.equal(run('--root', sha256('another hand'), '--opening', JSON.stringify(mine[0])).status, 1);
    writeFileSync(file, '{"root": 5}');
    assert.equal(run('--openings', file).status, 2);
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
