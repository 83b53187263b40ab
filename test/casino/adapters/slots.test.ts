// Slots at a table, in process: a single-player table of the player's own, bad bets
// refused with the contract's reasons, a spin with an idempotency key answered twice
// without paying twice, the settled event naming the player's seed pair, the round
// recalled over HTTP and replayed from its journal, and a table crash the player comes
// back from — with the ledger balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { replayRound } from '../../../src/ledger/index.ts';
import { casinoReplayers } from '../../../src/casino/adapters/replayers.ts';
import { ok, refused, startCasino, type Casino, type Client, type Joined } from '../harness.ts';

describe('slots tables', () => {
  let casino: Casino;
  let alice: Client;
  let t: Joined;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '5000' } });
    alice = await casino.guest('alice');
  });
  after(() => casino.close());

  it('finds a table of the player’s own and joins it as a spectator with the machine', async () => {
    const lobby = await alice.lobby();
    const id = ok(await lobby.push('find_table', { game: 'slots' })).id;
    assert.notEqual(id, 'slots-1', 'single-player games get a table of their own');
    assert.equal(ok(await lobby.push('find_table', { game: 'slots' })).id, id, 'asking again finds the same one');
    t = await alice.table(id);
    assert.equal(t.state.table.game, 'slots');
    assert.equal(t.state.game.machine.id, 'classic');
    assert.deepEqual(t.state.seats, []);
  });

  it('refuses bad bets with the contract reasons and moves no money', async () => {
    const cases: Array<[unknown, string]> = [
      [-20, 'invalid_payload'], [20.5, 'invalid_payload'], ['100', 'invalid_payload'], [0, 'invalid_payload'],
      [10, 'below_min'], [20_000, 'above_max'], [30, 'invalid_payload'], [6000, 'insufficient_funds'],
    ];
    for (const [bet, reason] of cases) refused(await t.act({ action: 'spin', bet: bet as never }), reason, `bet ${bet}`);
    const junk = [{ action: 'spin' }, { bet: 100 }, { action: 5 }, { action: 'spin', bet: 100, key: 7 }, { action: 'spin', bet: 100, extra: 1 }];
    for (const p of junk) refused(await t.act(p as never), 'invalid_payload', JSON.stringify(p));
    refused(await t.act({ action: 'hit' }), 'invalid_action', 'an action the game does not have, as in every game');
    assert.equal(await casino.balance(alice.id), 5000);
    assert.deepEqual(t.events('settled'), [], 'a refused spin plays no round');
  });

  it('spins: stake, outcome, settlement, balance — and the same key answers twice without paying twice', async () => {
    const r = ok(await t.act({ action: 'spin', bet: 100, key: 'spin-1' }));
    assert.match(r.round_id, /^k_/);
    assert.equal(r.window.length, 5);
    assert.equal(r.window[0].length, 3);
    assert.ok(Number.isSafeInteger(r.win) && r.win >= 0);
    assert.equal(r.balance, 5000 - 100 + r.win);
    assert.deepEqual(ok(await t.act({ action: 'spin', bet: 100, key: 'spin-1' })), r);
    assert.equal(await casino.balance(alice.id), r.balance);
    await t.until('the settled event', () => t.events('settled').some((e) => e.round_id === r.round_id));
    const settled = t.events('settled').find((e) => e.round_id === r.round_id);
    assert.deepEqual(settled.results, [{ player_id: alice.id, staked: 100, won: r.win }]);
    // The player's seed pair draws its later spins too: named by its hash and nonce, revealed only on rotation.
    assert.equal(settled.server_seed, undefined, 'the seed of a pair still in use is not revealed');
    const pair = ok(await (await alice.join(`player:${alice.id}`)).push('seed_pair'));
    assert.deepEqual([settled.server_seed_hash, settled.client_seed, settled.nonce], [pair.server_seed_hash, pair.client_seed, 0]);
    // One event per spin: `settled` carries what round_opened and spin would (instant rounds, docs/protocol.md).
    assert.deepEqual([t.events('round_opened'), t.events('spin')], [[], []]);
    assert.deepEqual([settled.player_id, settled.bet, settled.outcome.window, settled.outcome.win], [alice.id, 100, r.window, r.win], 'the table shows the spin to whoever watches');
    assert.deepEqual(t.state.seats.map((s: any) => s.player_id), [alice.id], 'the first spin took the seat');

  });

  it('recalls the round over HTTP with stake, payout and balances, and replays it', async () => {
    const res = await casino.http.inject({ url: '/api/rounds?limit=5', headers: { authorization: `Bearer ${alice.token}` } });
    assert.equal(res.statusCode, 200);
    const { rounds } = res.json() as { rounds: any[] };
    assert.equal(rounds.length, 1);
    const [r] = rounds;
    assert.deepEqual([r.game, r.stake, r.balance_before, r.balance_after], ['slots', 100, 5000, 5000 - 100 + r.payout]);
    assert.deepEqual([r.server_seed, r.seed_reveal, r.nonce], [null, 'retired', 0], 'revealed when the seed pair is rotated');
    assert.equal(r.outcome.window.length, 5);
    const states = t.pushes('state').length;
    for (let i = 0; i < 3; i++) {
      const spin = ok(await t.act({ action: 'spin', bet: 100 }));
      ok(await t.push('resume', { since: 0 })); // a round trip on the channel: whatever the spin pushed is in
      assert.equal(t.pushes('state').length, states, 'no state follows a spin: its settled event carries the View’s change (`last`)');
      assert.deepEqual(t.events('settled').at(-1).outcome.window, spin.window);
      const report = (await replayRound(casino.ledger.store, spin.round_id, casinoReplayers()))!;
      assert.equal(report.ok, true, report.mismatches.join());
      assert.deepEqual((report.replayed.outcome as any).window, spin.window);
    }
  });

  it('survives a table crash: a fresh state and a notice, the same key still answered once, other tables untouched', async () => {
    const other = casino.tables.lookup('slots-1');
    const states = t.pushes('state').length;
    const before = await casino.balance(alice.id);
    await casino.crash(t.tableId);
    await t.until('a fresh state and the notice', () => t.pushes('state').length > states && t.pushes('notice').some((n) => n.kind === 'table_restarted'));
    assert.equal(casino.tables.lookup('slots-1'), other);
    const first = ok(await t.act({ action: 'spin', bet: 100, key: 'spin-1' }));
    assert.equal(first.balance, 5000 - 100 + first.win, 'the key’s first answer, from the ledger');
    assert.equal(await casino.balance(alice.id), before, 'and nothing paid again');
    ok(await t.act({ action: 'spin', bet: 40, key: 'after-crash' }));
  });

  it('leaves the ledger balanced with no open round', async () => {
    await casino.assertBalanced();
  });
});
