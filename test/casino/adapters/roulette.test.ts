// Roulette at a table, in process: single-player bets adding up in one round and a spin
// settling them at the layout's payouts, the refusals (malformed and out-of-limit bets,
// a spin with nothing on the table, a spin at a shared table), a shared table settling
// two players in one round when its betting window closes, and rounds that replay from
// their journals — with the ledger balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { replayRound } from '../../../src/ledger/index.ts';
import { casinoReplayers } from '../../../src/casino/adapters/replayers.ts';
import { ok, refused, startCasino, type Casino } from '../harness.ts';

const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);

describe('roulette tables', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '10000' }, defaultTables: false });
  });
  after(() => casino.close());

  it('adds single-player bets up in one round and settles them with the spin', async () => {
    const alice = await casino.guest('alice');
    const t = await alice.find('roulette');
    assert.equal(t.state.table.shared, false);
    refused(await t.act({ action: 'spin' }), 'invalid_action', 'nothing to spin for');
    const b1 = ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'b1' }));
    assert.equal(b1.balance, 10_000 - 100, 'the stake is taken with the bet');
    const b2 = ok(await t.act({ action: 'bet', bets: [{ type: 'straight', numbers: [17], amount: 50 }, { type: 'dozen', numbers: [1], amount: 20 }], key: 'b2' }));
    assert.equal(b2.round_id, b1.round_id, 'both bets are in one round');
    assert.equal(b2.balance, 10_000 - 170);
    const spin = ok(await t.act({ action: 'spin', key: 's1' }));
    const n = spin.number;
    assert.ok(Number.isInteger(n) && n >= 0 && n <= 36);
    const expected = (RED.has(n) ? 200 : 0) + (n === 17 ? 50 * 36 : 0) + (n >= 1 && n <= 12 ? 60 : 0);
    assert.equal(spin.win, expected);
    assert.equal(spin.balance, 10_000 - 170 + expected);
    await t.until('settled', () => t.events('settled').length === 1);
    const [settled] = t.events('settled');
    assert.equal(settled.round_id, b1.round_id);
    assert.deepEqual(settled.results, [{ player_id: alice.id, staked: 170, won: expected }]);
    assert.deepEqual(settled.outcome, { number: n });
    // Replays from the journal to the same pocket.
    const report = (await replayRound(casino.ledger.store, b1.round_id, casinoReplayers()))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.deepEqual(report.replayed.outcome, { number: n });
  });

  it('refuses malformed and out-of-limit bets, moving nothing', async () => {
    const bob = await casino.guest('bob');
    const t = await bob.find('roulette');
    const cases: Array<[unknown, string]> = [
      [[{ type: 'split', numbers: [1, 5], amount: 10 }], 'invalid_payload'],
      [[{ type: 'corner', numbers: [1, 2, 3, 4], amount: 10 }], 'invalid_payload'],
      [[{ type: 'red', amount: -10 }], 'invalid_payload'],
      [[{ type: 'red', amount: 10.5 }], 'invalid_payload'],
      [[{ type: 'red', amount: '10' }], 'invalid_payload'],
      [[{ type: 'purple', amount: 10 }], 'invalid_payload'],
      [[{ type: 'red', amount: 10, extra: 1 }], 'invalid_payload'],
      [[], 'invalid_payload'],
      ['red', 'invalid_payload'],
      [[{ type: 'red', amount: 5 }], 'below_min'],
      [[{ type: 'red', amount: 60_000 }], 'above_max'],
      [[{ type: 'red', amount: 10_001 }], 'insufficient_funds'],
    ];
    for (const [bets, reason] of cases) refused(await t.act({ action: 'bet', bets: bets as never }), reason, JSON.stringify(bets));
    assert.equal(await casino.balance(bob.id), 10_000);
    const bet = ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 10 }] }));
    refused(await t.act({ action: 'bet', bets: [{ type: 'black', amount: 49_995 }] }), 'above_max', 'the round’s bets add up against the maximum');
    const spin = ok(await t.act({ action: 'spin' }));
    assert.equal(spin.balance, bet.balance + spin.win);
  });

  it('runs a shared table: seated players bet in one round, the window closes, both are settled', async () => {
    await casino.tables.create('roulette', { id: 'ro-shared', ephemeral: false, shared: true, options: { betting_ms: 50 } });
    const [alice, bob] = [await casino.guest('alice'), await casino.guest('bob')];
    const [a, b] = [await alice.table('ro-shared'), await bob.table('ro-shared')];
    refused(await a.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }] }), 'not_seated');
    ok(await a.push('sit', {}));
    ok(await b.push('sit', {}));
    refused(await b.push('sit', {}), 'already_seated');
    const ra = ok(await a.act({ action: 'bet', bets: [{ type: 'black', amount: 100 }] }));
    const rb = ok(await b.act({ action: 'bet', bets: [{ type: 'even', amount: 200 }] }));
    assert.equal(ra.round_id, rb.round_id);
    refused(await a.act({ action: 'spin' }), 'invalid_action', 'shared tables spin on their timer');
    await a.until('settled on both', () => a.events('settled').length === 1 && b.events('settled').length === 1);
    const [s] = a.events('settled');
    assert.equal(s.round_id, ra.round_id);
    assert.ok(a.events('betting_closed').length === 1 && a.events('betting_open').length === 1);
    const n = s.outcome.number;
    const won = { [alice.id]: n !== 0 && !RED.has(n) ? 200 : 0, [bob.id]: n !== 0 && n % 2 === 0 ? 400 : 0 };
    assert.deepEqual(s.results.map((r: any) => [r.player_id, r.staked, r.won]).sort(), [[alice.id, 100, won[alice.id]], [bob.id, 200, won[bob.id]]].sort());
    assert.deepEqual(b.events('settled')[0], s, 'every member sees the same event');
    const report = (await replayRound(casino.ledger.store, s.round_id, casinoReplayers()))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.deepEqual(report.replayed.outcome, { number: n });
  });

  it('depends on the seed: a journal with a forged seed replays to other pockets', async () => {
    const t = await (await casino.guest('carl')).find('roulette');
    ok(await t.act({ action: 'bet', bets: [{ type: 'odd', amount: 50 }] }));
    const spin = ok(await t.act({ action: 'spin' }));
    const journal = (await casino.ledger.rounds.get(spin.round_id))!;
    const fn = (casinoReplayers()).get('roulette')!;
    const outcomes = new Set<number>();
    for (let k = 0; k < 20; k++) outcomes.add((fn({ ...journal, serverSeed: `forged-${k}` }).outcome as { number: number }).number);
    assert.ok(outcomes.size > 1, 'a different seed gives other pockets');
  });

  it('leaves the ledger balanced with no open round', async () => {
    await casino.assertBalanced();
  });
});
