// Blackjack at a table, in process: a single-player round from bet to settlement with the
// hole card hidden until the dealer plays, the refusals (limits, malformed amounts, out of
// turn, a double the wallet cannot cover), a shared table's turns and its clock standing
// for a player who does not act, a round that replays from its journal, and a hand killed
// mid-decision completed as the clock would play it — with the ledger balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { replayRound } from '../../../src/ledger/index.ts';
import { casinoReplayers } from '../../../src/casino/adapters/replayers.ts';
import { blackjackStanding } from '../../adversarial/crash_oracles.ts';
import { ok, refused, startCasino, type Casino, type Joined } from '../harness.ts';

const settledOf = (t: Joined, round: string) => t.events('settled').find((e) => e.round_id === round);
const myTurn = (t: Joined, round?: string) =>
  (round === undefined || t.state.round_id === round) && t.state.game.tag === 'playing' && t.state.game.turn.seat === t.mySeat;

/** Acts, and once accepted waits for the state that follows (so the next decision never reads a stale one). */
async function step(t: Joined, payload: Record<string, unknown>) {
  const states = t.pushes('state').length;
  const r = await t.act(payload);
  if (r.status === 'ok') await t.until(`the state after ${payload['action']}`, () => t.pushes('state').length > states);
  return r;
}

/** Plays this player's hands by a simple rule (hit below 13) until `round` settles. */
async function playOut(t: Joined, round: string): Promise<void> {
  for (;;) {
    // A decision is read only off this round's state: under load a member's last state can
    // still be the previous round's, and acting on it would be refused.
    await t.until('a decision or the settlement', () => !!settledOf(t, round) || myTurn(t, round) || (t.state.round_id === round && t.state.game.tag === 'insurance'));
    if (settledOf(t, round)) return;
    if (t.state.game.tag === 'insurance') {
      ok(await step(t, { action: 'no_insurance' }));
    } else {
      const hand = t.state.game.seats.find((s: any) => s.seat === t.mySeat).hands[t.state.game.turn.hand];
      ok(await step(t, { action: hand.total < 13 ? 'hit' : 'stand', key: crypto.randomUUID() }));
    }
  }
}

/**
 * Deals rounds until `ready()` holds once the cards are out (a natural settles a round at
 * once; then the next is dealt). Returns that round's id; a round that is not ready is
 * played out first. The assertions that follow run every time, never behind an `if`.
 */
async function dealUntil(bettors: Joined[], amount: (t: Joined) => Promise<number>, ready: () => boolean): Promise<string> {
  const first = bettors[0]!;
  for (let i = 0; i < 30; i++) {
    let round = '';
    for (const t of bettors) round = ok(await t.act({ action: 'bet', amount: await amount(t) })).round_id;
    await first.until('the deal', () => !!settledOf(first, round) || (first.state.round_id === round && first.state.game.tag !== 'betting'));
    if (!settledOf(first, round) && ready()) return round;
    await Promise.all(bettors.map((t) => playOut(t, round)));
  }
  assert.fail('30 rounds dealt without the situation the test needs');
}

describe('blackjack tables', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '20000' }, defaultTables: false });
  });
  after(() => casino.close());

  it('plays a single-player round from bet to settlement, the hole card hidden until the dealer plays', async () => {
    const alice = await casino.guest('alice');
    const t = await alice.find('blackjack', { shared: false });
    const keyed = ok(await t.act({ action: 'bet', amount: 100, key: 'bet-1' }));
    assert.match(keyed.round_id, /^k_/, 'a keyed bet opens a round whose id derives from the key');
    await playOut(t, keyed.round_id);
    const round = await dealUntil([t], async () => 100, () => t.state.game.tag === 'playing');
    assert.equal(t.state.game.dealer.length, 2);
    assert.equal(t.state.game.dealer[1], null, 'hole card hidden');
    assert.equal(t.state.server_seed_hash.length, 64, 'the round names its seed by its hash');
    const dealt = t.events('dealt').at(-1);
    assert.equal(typeof dealt.dealer_up, 'string', 'only the up card is dealt in public');
    assert.ok(!('dealer' in dealt));
    assert.ok(!t.events().slice(t.events().indexOf(dealt)).some((e) => e.type === 'dealer_revealed'), 'no reveal before the dealer plays');
    await playOut(t, round);
    const settled = settledOf(t, round);
    assert.ok(settled.outcome.dealer.length >= 2 && settled.outcome.dealer.every((c: unknown) => typeof c === 'string'), 'the hole card is shown at the end');
    assert.equal(typeof settled.outcome.total, 'number');
    const results = t.events('settled').flatMap((e) => e.results);
    assert.ok(results.every((r: any) => r.player_id === alice.id));
    assert.equal(await casino.balance(alice.id), 20_000 + results.reduce((n: number, r: any) => n - r.staked + r.won, 0), 'the balance is the sum of the settled rounds');
  });

  it('refuses bets out of limits, malformed amounts, moves out of turn and a double the wallet cannot cover, changing nothing', async () => {
    const carol = await casino.guest('carol');
    const t = await carol.find('blackjack', { shared: false });
    refused(await t.act({ action: 'bet', amount: 50 }), 'below_min');
    refused(await t.act({ action: 'bet', amount: 50_001 }), 'above_max');
    for (const amount of [100.5, -100, 0, '100', null]) refused(await t.act({ action: 'bet', amount }), 'invalid_payload', String(amount));
    refused(await t.act({ action: 'bet' }), 'invalid_payload');
    refused(await t.act({ action: 'hit', amount: 5 }), 'invalid_payload');
    refused(await t.act({ action: 'hit' }), 'not_your_turn');
    refused(await t.act({ action: 'fold' }), 'invalid_action');
    refused(await t.act({ action: 'bet', amount: 20_001 }), 'insufficient_funds');
    assert.equal(await casino.balance(carol.id), 20_000);
    // Stake more than half the balance, so a double cannot be covered; deal until one is on offer.
    let staked = 0;
    let wallet = 0;
    const round = await dealUntil([t], async () => {
      const b = await casino.balance(carol.id);
      staked = Math.floor(b / 2) + 1;
      wallet = b - staked;
      return staked;
    }, () => myTurn(t) && t.state.game.legal.includes('double'));
    const before = t.state.game;
    refused(await t.act({ action: 'double' }), 'insufficient_funds');
    assert.ok(wallet < staked, 'the double needed more than the wallet held');
    assert.equal(await casino.balance(carol.id), wallet, 'no money moved');
    const spectator = await (await casino.guest('spy')).table(t.tableId);
    assert.deepEqual(spectator.state.game, before, 'the hand is as it was');
    await playOut(t, round);
    refused(await t.act({ action: 'stand' }), 'not_your_turn', 'after the round');
  });

  it('runs a shared table: seats take turns and a move out of turn is refused', async () => {
    await casino.tables.create('blackjack', { id: 'bj-turns', ephemeral: false, options: { betting_ms: 60_000, turn_ms: 60_000 } });
    const [dan, eve] = [await casino.guest('dan'), await casino.guest('eve')];
    const [d, e] = [await dan.table('bj-turns'), await eve.table('bj-turns')];
    ok(await d.push('sit', { seat: 1 }));
    ok(await e.push('sit', { seat: 2 }));
    const round = await dealUntil([d, e], async () => 100, () => myTurn(d));
    refused(await e.act({ action: 'hit' }), 'not_your_turn');
    assert.equal(e.state.game.turn.seat, 1);
    await Promise.all([playOut(d, round), playOut(e, round)]);
    assert.deepEqual(settledOf(e, round).results.map((r: any) => r.player_id).sort(), [dan.id, eve.id].sort());
    assert.deepEqual(settledOf(d, round), settledOf(e, round), 'every member sees the same event');
  });

  it('stands for players who do not act when their turn runs out', async () => {
    await casino.tables.create('blackjack', { id: 'bj-clock', ephemeral: false, options: { betting_ms: 60_000, turn_ms: 50 } });
    const [dan, eve] = [await casino.guest('dan'), await casino.guest('eve')];
    const [d, e] = [await dan.table('bj-clock'), await eve.table('bj-clock')];
    ok(await d.push('sit', { seat: 1 }));
    ok(await e.push('sit', { seat: 2 }));
    // Both bet (the deal comes at once), then nobody acts: the clock plays the round out.
    let round = '';
    for (let i = 0; i < 30 && e.events('timed_out').length === 0; i++) {
      round = ok(await d.act({ action: 'bet', amount: 100 })).round_id;
      ok(await e.act({ action: 'bet', amount: 100 }));
      await e.until('the round settled', () => !!settledOf(e, round));
    }
    const timedOut = e.events('timed_out');
    assert.ok(timedOut.length > 0, 'a round in 30 that was not settled by naturals');
    assert.ok(timedOut.every((x) => [1, 2].includes(x.seat) && ['stand', 'no_insurance'].includes(x.decision)), JSON.stringify(timedOut));
    assert.deepEqual(settledOf(e, round).results.map((r: any) => r.player_id).sort(), [dan.id, eve.id].sort());
  });

  it('replays a round from its journal through the adapter, every hit and stand included', async () => {
    const alice = await casino.guest('alice');
    const t = await alice.find('blackjack', { shared: false });
    const round = await dealUntil([t], async () => 100, () => myTurn(t));
    await playOut(t, round);
    const report = (await replayRound(casino.ledger.store, round, casinoReplayers()))!;
    assert.equal(report.ok, true, report.mismatches.join());
    assert.equal(report.replayed.final, true);
    assert.deepEqual(report.replayed.outcome, settledOf(t, round).outcome);
  });

  it('completes a hand killed while the player decides as the clock would (stand), never refunds it, and tells the player', async () => {
    const pat = await casino.guest('pat');
    const me = await pat.me();
    const t = await pat.find('blackjack', { shared: false });
    const round = await dealUntil([t], async () => 1000, () => myTurn(t) || t.state.game.tag === 'insurance');
    const before = await casino.balance(pat.id);
    await casino.crash(t.tableId);
    await me.until('the notice', () => me.pushes('notice').some((n) => n.kind === 'round_resolved'));
    const n = me.pushes('notice').find((x) => x.kind === 'round_resolved');
    assert.equal(n.resolution, 'completed', 'the cards were dealt: completed by the clock, not refunded');
    assert.match(n.text, /completed/);
    const j = (await casino.ledger.rounds.getRevealed(round))!;
    assert.deepEqual([j.status, j.resolution], ['settled', 'completed']);
    assert.equal(n.payout, blackjackStanding({ serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce }, 1000), 'paid what standing wins, as the seeds say');
    assert.equal(await casino.balance(pat.id), before + n.payout);
    // The table is back with the player's seat and a fresh state; play goes on.
    await t.until('a fresh state and the notice', () => t.pushes('notice').some((x) => x.kind === 'table_restarted') && t.state.round_id === null);
    assert.deepEqual(t.state.seats.map((s: any) => s.player_id), [pat.id]);
    await playOut(t, ok(await t.act({ action: 'bet', amount: 100 })).round_id);
  });

  it('leaves the ledger balanced with no open round', async () => {
    await casino.assertBalanced();
  });
});
