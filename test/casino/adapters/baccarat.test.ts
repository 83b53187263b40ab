// Baccarat at a table, in process: a single-player coup dealt at each bet, a shared table
// taking two players' bets through its betting window and settling them in one coup, the
// refusals, and coups that replay from their journals — with the ledger balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { replayRound } from '../../../src/ledger/index.ts';
import { casinoReplayers } from '../../../src/casino/adapters/replayers.ts';
import { ok, refused, startCasino, type Casino } from '../harness.ts';

describe('baccarat tables', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '10000' }, defaultTables: false });
  });
  after(() => casino.close());

  it('deals a single-player coup at each bet and replays it from its journal', async () => {
    const alice = await casino.guest('alice');
    const t = await alice.find('baccarat', { shared: false });
    const bet = ok(await t.act({ action: 'bet', bets: [{ on: 'banker', amount: 200 }, { on: 'player_pair', amount: 100 }] }));
    await t.until('settled', () => t.events('settled').length === 1);
    const [s] = t.events('settled');
    assert.equal(s.round_id, bet.round_id);
    assert.ok(['player', 'banker', 'tie'].includes(s.outcome.winner));
    assert.deepEqual(s.results.map((r: any) => [r.player_id, r.staked]), [[alice.id, 300]]);
    assert.equal(await casino.balance(alice.id), 10_000 - 300 + s.results[0].won);
    refused(await t.act({ action: 'deal' }), 'invalid_action', 'the coup follows the bet: there is no deal action');
    const report = (await replayRound(casino.ledger.store, bet.round_id, casinoReplayers()))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.equal((report.replayed.outcome as any).winner, s.outcome.winner);
  });

  it('runs a shared table through its betting window: two players, one coup', async () => {
    await casino.tables.create('baccarat', { id: 'bac-shared', ephemeral: false, options: { betting_ms: 50 } });
    const [alice, bob] = [await casino.guest('alice'), await casino.guest('bob')];
    const [a, b] = [await alice.table('bac-shared'), await bob.table('bac-shared')];
    ok(await a.push('sit', { seat: 3 }));
    refused(await b.push('sit', { seat: 3 }), 'seat_taken');
    ok(await b.push('sit', { seat: 4 }));
    refused(await a.act({ action: 'bet', bets: [{ on: 'dragon', amount: 100 }] }), 'invalid_payload');
    refused(await a.act({ action: 'bet', bets: [{ on: 'banker', amount: 50 }] }), 'below_min');
    refused(await a.act({ action: 'bet', bets: [{ on: 'banker', amount: 10_001 }] }), 'insufficient_funds');
    const ra = ok(await a.act({ action: 'bet', bets: [{ on: 'banker', amount: 200 }, { on: 'tie', amount: 100 }] }));
    const rb = ok(await b.act({ action: 'bet', bets: [{ on: 'player', amount: 300 }] }));
    assert.equal(ra.round_id, rb.round_id);
    await a.until('the coup settled', () => a.events('settled').length === 1);
    const [s] = a.events('settled');
    assert.ok(['player', 'banker', 'tie'].includes(s.outcome.winner));
    assert.equal(typeof s.outcome.player, 'number');
    assert.equal(typeof s.outcome.banker, 'number');
    const byPlayer = Object.fromEntries(s.results.map((r: any) => [r.player_id, r]));
    assert.deepEqual([byPlayer[alice.id].staked, byPlayer[bob.id].staked], [300, 300]);
    assert.equal(await casino.balance(bob.id), 10_000 - 300 + byPlayer[bob.id].won);
    assert.equal(typeof s.server_seed, 'string', 'a shared table reveals the round’s seed when it settles');
    const report = (await replayRound(casino.ledger.store, s.round_id, casinoReplayers()))!;
    assert.equal(report.ok, true, report.mismatches.join());
  });

  it('leaves the ledger balanced with no open round', async () => {
    await casino.assertBalanced();
  });
});
