// Draining a table (staff closing it between rounds: tables/drain.ts) in process, through
// the real table channel: a slot machine with no round running closes at once; a
// blackjack table mid-hand keeps its hand going (its player may still act) and refuses
// newcomers and new rounds, then closes when the hand settles; a table that crashes while
// draining comes back draining; find_table never offers a draining table.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { exit } from '../../../src/runtime/index.ts';
import { ok, refused, startCasino, type Casino } from '../harness.ts';

describe('a draining table', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_TURN_MS: '60000' } });
  });
  after(() => casino.close());

  const gone = async (id: string) => {
    for (let i = 0; i < 400 && casino.tables.lookup(id) !== undefined; i++) await new Promise((r) => setTimeout(r, 5));
    return casino.tables.lookup(id) === undefined;
  };

  it('closes at once when no round runs, and plays no spin after', async () => {
    await casino.tables.create('slots', { id: 'drain-slots', ephemeral: false });
    const ann = await casino.player('ann', 10_000);
    const t = await ann.table('drain-slots');
    ok(await t.act({ action: 'spin', bet: 20 }));
    const spins = t.events('settled').length;
    assert.deepEqual(await casino.tables.drain('drain-slots', 'staff:test'), { state: 'draining', round_running: false });
    assert.equal(await gone('drain-slots'), true);
    await t.until('table_closed', () => t.pushes('notice').some((n) => n.kind === 'table_closed'));
    assert.equal(t.events('settled').length, spins, 'no spin after the drain');
    await casino.assertBalanced();
  });

  it('lets the running hand end, refusing newcomers and new rounds, then closes', async () => {
    await casino.tables.create('blackjack', { id: 'drain-bj', ephemeral: false, shared: false });
    const bo = await casino.player('bo', 100_000);
    const t = await bo.table('drain-bj');
    // Deal until a hand waits for its player (a natural settles at once).
    for (let i = 0; i < 20 && t.state?.game?.tag !== 'playing'; i++) {
      const r = ok(await t.act({ action: 'bet', amount: 100 }));
      if (t.state?.game?.tag === 'insurance') ok(await t.act({ action: 'no_insurance' }));
      assert.ok(r);
    }
    assert.equal(t.state.game.tag, 'playing');
    assert.deepEqual(await casino.tables.drain('drain-bj', 'staff:test'), { state: 'draining', round_running: true });
    await t.until('table_closing', () => t.events('table_closing').length === 1);
    assert.equal(t.events('table_closing')[0].by, 'staff:test');
    const cy = await casino.player('cy', 100_000);
    const c = await cy.table('drain-bj');
    refused(await c.push('sit', {}), 'table_closing');
    ok(await t.act({ action: 'stand' })); // the hand plays to its end
    assert.equal(await gone('drain-bj'), true);
    assert.equal(t.events('settled').length >= 1, true);
    await casino.assertBalanced();
  });

  it('comes back draining after a crash, and is never what find_table offers', async () => {
    await casino.tables.create('roulette', { id: 'drain-rl', ephemeral: false, shared: true });
    const dee = await casino.player('dee', 100_000);
    const t = await dee.table('drain-rl');
    ok(await t.push('sit', {}));
    ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }] }));
    await casino.tables.drain('drain-rl', 'staff:test');
    assert.equal(casino.tables.isDraining('drain-rl'), true);
    const lobby = await dee.lobby();
    const found = ok(await lobby.push('find_table', { game: 'roulette', shared: true }));
    assert.notEqual(found.id, 'drain-rl');
    exit(casino.tables.lookup('drain-rl')!, 'kill');
    // The restart resolves the round (refunded: nothing was drawn), drains again, and with
    // no round left closes cleanly — which is when the manager forgets it.
    for (let i = 0; i < 1000 && casino.tables.isDraining('drain-rl'); i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(casino.tables.isDraining('drain-rl'), false, 'closed, so forgotten');
    assert.equal(casino.tables.lookup('drain-rl'), undefined);
    assert.equal(await casino.balance('dee'), 100_000, 'the bet came back');
    await casino.assertBalanced();
  });
});
