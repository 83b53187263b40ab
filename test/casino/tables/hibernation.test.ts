// Hibernation (src/casino/tables/hibernation.ts) through the real channels and manager: a
// quiet single-player table keeps no process, and the next message wakes it where it slept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAlive, type Pid } from '../../../src/runtime/index.ts';
import { startCasino, ok, type Casino } from '../harness.ts';

const SLEEP_MS = 120;

async function eventually(what: string, pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > until) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('table hibernation', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ promotions: false, env: { PITBOSS_TABLE_HIBERNATE_MS: String(SLEEP_MS), PITBOSS_SEAT_GRACE_MS: '150' } });
  });
  after(async () => casino.close());

  it('a quiet slots table sleeps with no process, and the next spin wakes it: balance, seat, seq and keys carry on', async () => {
    const alice = await casino.player('sleepy-alice', 10_000);
    const t = await alice.find('slots');
    const first = ok(await t.act({ action: 'spin', bet: 100, key: 'k1' }));
    assert.equal(first.balance, 10_000 - 100 + first.win);
    const awake = casino.tables.lookup(t.tableId) as Pid;
    const seqBefore = t.events().at(-1).seq as number;

    await eventually('the table hibernates', () => casino.tables.asleep(t.tableId));
    assert.equal(casino.tables.lookup(t.tableId), undefined, 'no live process while it sleeps');
    assert.equal(isAlive(awake), false);
    assert.ok(casino.tables.page().tables.some((row) => row['id'] === t.tableId), 'still listed in the lobby');
    assert.deepEqual((await (await alice.lobby()).push('find_table', { game: 'slots' })).response.id, t.tableId, 'still the player’s own table');

    const second = ok(await t.act({ action: 'spin', bet: 100, key: 'k2' }));
    assert.equal(second.balance, first.balance - 100 + second.win, 'the reply’s balance follows the first spin');
    assert.equal(await casino.balance(alice.id), second.balance);
    const woke = casino.tables.lookup(t.tableId);
    assert.ok(woke && woke !== awake && isAlive(woke), 'a new process serves the table');
    await t.until('the second settled event', () => t.events('settled').length === 2);
    assert.equal(t.events('settled').at(-1).seq, seqBefore + 1, 'event numbering continues across the sleep');
    assert.equal(t.mySeat, 0, 'still seated');
    assert.deepEqual(t.pushes('notice'), [], 'the client is told nothing: no restart, no close');
    assert.deepEqual(t.events('table_closed'), []);
    // What slept is what the table knows: a resume from before the sleep, the first key's answer.
    assert.deepEqual(ok(await t.push('resume', { since: seqBefore - 1 })).events.map((e: any) => e.seq), [seqBefore, seqBefore + 1]);
    assert.deepEqual(ok(await t.act({ action: 'spin', bet: 100, key: 'k1' })), first, 'the first spin’s key still answers the first spin');
    assert.equal(await casino.balance(alice.id), second.balance, 'and charges nothing');
    await casino.assertBalanced();
  });

  it('sleeps and wakes again and again under spins arriving at the threshold: no spin lost, none played twice', async () => {
    const bob = await casino.player('restless-bob', 100_000);
    const t = await bob.find('slots');
    let expected = 100_000;
    let sleeps = 0;
    for (let i = 0; i < 16; i++) {
      // Around the threshold: some spins meet a sleeping table, some one about to sleep.
      await pause(SLEEP_MS - 20 + (i % 4) * 15);
      if (casino.tables.asleep(t.tableId)) sleeps++;
      const r = ok(await t.act({ action: 'spin', bet: 20, key: `b${i}` }));
      expected += r.win - 20;
      assert.equal(r.balance, expected, `spin ${i}`);
    }
    assert.ok(sleeps > 0, 'the table slept between some spins');
    assert.equal(await casino.balance(bob.id), expected);
    const rows = await casino.ledger.store.query<{ n: number }>('SELECT count(*)::int AS n FROM round_stakes WHERE player_id = $1', [bob.id]);
    assert.equal(rows[0]!.n, 16, 'one stake per spin');
    await casino.assertBalanced();
  });

  it('does not sleep with a round open; the round settles when the player plays on', async () => {
    const cat = await casino.player('open-cat', 10_000);
    const t = await cat.find('roulette'); // a table of her own: bet, then spin
    ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }] }));
    await pause(SLEEP_MS * 4);
    assert.equal(casino.tables.asleep(t.tableId), false, 'a round is open');
    const r = ok(await t.act({ action: 'spin' }));
    assert.equal(await casino.balance(cat.id), 10_000 - 100 + r.win);
    await eventually('it sleeps once the round is settled', () => casino.tables.asleep(t.tableId));
    await casino.assertBalanced();
  });

  it('does not sleep with a game timer armed: the turn clock still plays out the round', async () => {
    await casino.tables.create('blackjack', { id: 'solo-bj', shared: false, options: { turn_ms: 300 } });
    const dan = await casino.player('timed-dan', 10_000);
    const t = await dan.table('solo-bj');
    ok(await t.push('sit', {}));
    ok(await t.act({ action: 'bet', amount: 100 }));
    // Unless dealt a natural, the round waits on Dan's turn, whose clock stands for him.
    await t.until('the round settled', () => t.events('settled').length === 1, 5000);
    await eventually('it sleeps after the round', () => casino.tables.asleep('solo-bj'));
    const settled = t.events('settled')[0];
    assert.equal(await casino.balance(dan.id), 10_000 - 100 + settled.results[0].won);
    await casino.assertBalanced();
  });

  it('a member leaving while the table sleeps wakes it: the seat’s grace runs and frees the seat', async () => {
    const eve = await casino.player('leaving-eve', 10_000);
    const t = await eve.find('slots');
    ok(await t.act({ action: 'spin', bet: 20 }));
    await eventually('the table hibernates', () => casino.tables.asleep(t.tableId));
    await eve.close();
    await eventually('woken by the channel closing', () => casino.tables.lookup(t.tableId) !== undefined);
    const players = () => casino.tables.page().tables.find((row) => row['id'] === t.tableId)?.['players'];
    await eventually('the seat is freed after the grace', () => players() === 0);
    assert.equal(casino.tables.asleep(t.tableId), false, 'with nobody left, it waits for its idle close instead');
  });

  it('a join wakes a sleeping table: a second device of the player sees the seat and the last spin', async () => {
    const gus = await casino.player('two-device-gus', 10_000);
    const t = await gus.find('slots');
    const spun = ok(await t.act({ action: 'spin', bet: 20 }));
    await eventually('the table hibernates', () => casino.tables.asleep(t.tableId));
    const phone = await casino.connect(gus.token);
    const p = await phone.table(t.tableId);
    assert.ok(casino.tables.lookup(t.tableId), 'the join woke it');
    assert.equal(p.mySeat, 0);
    assert.equal(p.reply.seq, t.events().at(-1).seq, 'the join reply carries the seq the table slept with');
    const { balance: _balance, round_id: _round, ...outcome } = spun;
    assert.deepEqual(p.reply.state.game.last, outcome, 'the game state slept with the last spin in it');
    // Both channels are members again: the first device plays on, the second hears it.
    ok(await t.act({ action: 'spin', bet: 20 }));
    await p.until('the phone sees the spin', () => p.events('settled').length === 1);
  });

  it('a shared table never sleeps', async () => {
    const fay = await casino.player('shared-fay', 10_000);
    const t = await fay.table('baccarat-1');
    const pid = casino.tables.lookup(t.tableId);
    await pause(SLEEP_MS * 3);
    assert.equal(casino.tables.asleep(t.tableId), false);
    assert.equal(casino.tables.lookup(t.tableId), pid);
  });
});
