// Seed pairs at real tables, in process: a player sets its client seed on its player
// channel, plays slots at two tables at once and single-player roulette; every round is
// drawn under its pair with nonces 0, 1, 2, …, none refused round counted, and no event
// reveals the seed. Rotation is refused while the roulette round is open, then reveals
// the seed, which hashes to what every round named, and `pitboss verify` recomputes each
// round from it. A shared table draws a fresh seed per round, revealed when it settles.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FairRng, hashServerSeed } from '../../../src/games/rng/index.ts';
import { fairOutcomeOf } from '../../../src/games/fair_registry.ts';
import { startCasino, type Casino, type Client, type Joined } from '../harness.ts';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const events = (m: Client, topic: string, type: string) =>
  m.t.frames.filter((f) => f.topic === topic && f.event === 'event' && f.payload.type === type).map((f) => f.payload);

describe('seed pairs at the tables', () => {
  let casino: Casino;
  let sam: Client;
  let me: Joined;
  const topics = ['table:sl-a', 'table:sl-b', 'table:ro-solo'];
  /** What opened each round at `topic`: a stepped round's `round_opened`; an instant (slots) round's `settled` says the same. */
  const opening = (topic: string) => events(sam, topic, topic.startsWith('table:sl-') ? 'settled' : 'round_opened');

  before(async () => {
    casino = await startCasino({ defaultTables: false, promotions: false });
    await casino.tables.create('slots', { id: 'sl-a', ephemeral: false });
    await casino.tables.create('slots', { id: 'sl-b', ephemeral: false });
    await casino.tables.create('roulette', { id: 'ro-solo', ephemeral: false, shared: false });
    await casino.tables.create('roulette', { id: 'ro-shared', ephemeral: false, shared: true, options: { betting_ms: 30 } });
    sam = await casino.player('sam', 3000);
    me = await sam.me();
  });
  after(async () => {
    await casino.close();
  });

  let hash: string;
  it('reads the pair and sets the client seed (a rotation of the unused pair)', async () => {
    const first = await me.push('seed_pair');
    assert.equal(first.status, 'ok');
    assert.deepEqual([first.response.nonce, typeof first.response.server_seed_hash], [0, 'string']);
    const bad = await me.push('set_client_seed', { client_seed: 'x'.repeat(65) });
    assert.deepEqual([bad.status, bad.response.reason], ['error', 'invalid_payload']);
    const set = await me.push('set_client_seed', { client_seed: 'sam-lucky-7' });
    assert.equal(set.status, 'ok', JSON.stringify(set.response));
    assert.equal(set.response.retired.rounds, 0);
    assert.equal(hashServerSeed(set.response.retired.server_seed), first.response.server_seed_hash);
    assert.deepEqual([set.response.current.client_seed, set.response.current.nonce], ['sam-lucky-7', 0]);
    hash = set.response.current.server_seed_hash;
    assert.deepEqual((await me.push('seed_pair')).response, set.response.current);
  });

  it('draws every round of the player under its pair, 0, 1, 2, … across tables, a refused spin counting nothing', async () => {
    const [a, b, ro] = await Promise.all(topics.map((t) => sam.join(t)));
    for (let wave = 0; wave < 3; wave++) {
      const spins = await Promise.all([a!, b!].map((ch) => ch.push('act', { action: 'spin', bet: 20 })));
      for (const s of spins) assert.equal(s.status, 'ok', JSON.stringify(s.response));
      if (wave === 1) assert.equal((await a!.push('act', { action: 'spin', bet: 10_000 })).response.reason, 'insufficient_funds');
    }
    assert.equal((await ro!.push('act', { action: 'bet', bets: [{ type: 'red', amount: 10 }] })).status, 'ok');
    // An open round under the pair: rotating now would reveal its draw.
    const early = await me.push('rotate_seed');
    assert.deepEqual([early.status, early.response.reason], ['error', 'invalid_action']);
    assert.equal((await ro!.push('act', { action: 'spin' })).status, 'ok');
    await me.until('seven rounds settled', () => topics.flatMap((t) => events(sam, t, 'settled')).length === 7);
    const opened = topics.flatMap((t) => opening(t));
    const settled = topics.flatMap((t) => events(sam, t, 'settled'));
    assert.deepEqual(topics.map((t) => events(sam, t, 'round_opened').length), [0, 0, 1], 'a slots round is one event, `settled`');
    assert.deepEqual(opened.map((e) => e.nonce).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6]);
    assert.ok(opened.every((e) => e.server_seed_hash === hash && e.client_seed === 'sam-lucky-7'));
    assert.equal(settled.length, 7);
    assert.ok(settled.every((e) => e.server_seed === undefined && e.server_seed_hash === hash), 'settled names the pair, never its seed');
    const tableFrames = sam.t.frames.filter((f) => f.topic.startsWith('table:'));
    assert.ok(!JSON.stringify(tableFrames).includes('"server_seed":"'), 'no table frame carries a server seed');
    assert.equal((await me.push('seed_pair')).response.nonce, 7);
  });

  it('rotates: the retired seed hashes to what every round named, recall shows it, and verify recomputes every round', async () => {
    const rot = await me.push('rotate_seed');
    assert.equal(rot.status, 'ok', JSON.stringify(rot.response));
    const seed = rot.response.retired.server_seed;
    assert.equal(hashServerSeed(seed), hash);
    assert.deepEqual([rot.response.retired.rounds, rot.response.retired.client_seed, rot.response.current.client_seed, rot.response.current.nonce], [7, 'sam-lucky-7', 'sam-lucky-7', 0]);
    const recalled = await casino.ledger.rounds.recent('sam', 20);
    assert.equal(recalled.length, 7);
    assert.ok(recalled.every((r) => r.serverSeed === seed && r.seedReveal === 'retired'));

    const r = spawnSync(process.execPath, [main, 'verify', '--server-seed', seed, '--client-seed', 'sam-lucky-7', '--nonce', '0-6', '--game', 'slots', '--hash', hash, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const recomputed = JSON.parse(r.stdout).rounds as Array<{ nonce: number; outcome: { window: unknown; free_spins: Array<{ window: unknown }> } }>;
    for (const t of topics) {
      const opened = opening(t);
      for (const s of events(sam, t, 'settled')) {
        const nonce = opened.find((o) => o.round_id === s.round_id).nonce;
        if (t === 'table:ro-solo') {
          assert.deepEqual(s.outcome, fairOutcomeOf('roulette')!(new FairRng({ serverSeed: seed, clientSeed: 'sam-lucky-7', nonce })));
        } else {
          const v = recomputed[nonce]!.outcome;
          assert.deepEqual([s.outcome.window, s.outcome.feature.map((f: { window: unknown }) => f.window)], [v.window, v.free_spins.map((f) => f.window)], `${t} nonce ${nonce}`);
        }
      }
    }
  });

  it('a shared table draws a fresh server seed per round, revealed at settled, under its client seed and its round count', async () => {
    const ch = await sam.table('ro-shared');
    assert.equal((await ch.push('sit', {})).status, 'ok');
    for (let i = 0; i < 2; i++) {
      assert.equal((await ch.push('act', { action: 'bet', bets: [{ type: 'odd', amount: 10 }] })).status, 'ok');
      await ch.until(`round ${i} settled`, () => events(sam, 'table:ro-shared', 'settled').length > i);
    }
    const opened = events(sam, 'table:ro-shared', 'round_opened');
    const settled = events(sam, 'table:ro-shared', 'settled');
    assert.deepEqual(opened.map((e) => e.nonce), [0, 1]);
    assert.equal(opened[0].client_seed, opened[1].client_seed);
    assert.notEqual(settled[0].server_seed, settled[1].server_seed);
    settled.forEach((s, i) => {
      assert.equal(hashServerSeed(s.server_seed), opened[i].server_seed_hash);
      assert.deepEqual(s.outcome, fairOutcomeOf('roulette')!(new FairRng({ serverSeed: s.server_seed, clientSeed: s.client_seed, nonce: s.nonce })));
    });
  });
});
