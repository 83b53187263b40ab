// The table room in process, through the real table channel: joining as a spectator,
// sitting and leaving, acting only as the socket's own player, the boundary's refusals,
// numbered events and resume from a seq after a reconnect (the seat kept meanwhile),
// chat, a table killed mid-round coming back with its round resolved while another table
// plays on, a table that keeps crashing closed on its own budget, and idempotency keys
// that still answer the first reply after the table forgot them (a crash, a player who
// left). Each game's own rules: test/casino/adapters/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { exit, isAlive, stop } from '../../../src/runtime/index.ts';
import { ok, refused, startCasino, type Casino, type Joined } from '../harness.ts';

describe('a table room', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_CHAT_MAX_LENGTH: '40' } });
  });
  after(() => casino.close());

  it('answers a join with the personal state, the seq and the chat; an unknown table is not_found', async () => {
    const ann = await casino.guest('ann');
    const t = await ann.table('baccarat-1');
    assert.deepEqual(Object.keys(t.reply).sort(), ['chat', 'seq', 'state']);
    assert.deepEqual(t.state.table, { id: 'baccarat-1', game: 'baccarat', name: 'Baccarat', seats: 9, min_bet: 100, max_bet: 50_000, shared: true, max_per_bet: null, config_version: 0 });
    assert.deepEqual([t.state.seats, t.state.round_id, t.state.seq], [[], null, t.reply.seq]);
    refused(await ann.tryJoin('table:nope'), 'not_found');
  });

  it('seats players: a taken seat, a second seat, acting unseated and leaving unseated are refused; the lobby counts the seats', async () => {
    await casino.tables.create('baccarat', { id: 'seats-1', ephemeral: false });
    const [ann, ben] = [await casino.guest('ann'), await casino.guest('ben')];
    const [a, b] = [await ann.table('seats-1'), await ben.table('seats-1')];
    const lobby = await ann.lobby();
    const players = async () => (await lobby.push('tables', { limit: 200 })).response.tables.find((x: any) => x.id === 'seats-1').players;
    refused(await a.act({ action: 'bet', bets: [{ on: 'banker', amount: 100 }] }), 'not_seated');
    refused(await a.push('leave_seat'), 'not_seated');
    assert.deepEqual(ok(await a.push('sit', { seat: 3 })), { seat: 3 });
    refused(await b.push('sit', { seat: 3 }), 'seat_taken');
    refused(await a.push('sit', {}), 'already_seated');
    assert.deepEqual(ok(await b.push('sit', {})), { seat: 0 }, 'without a seat number: the first free one');
    await b.until('both seated in ben’s state', () => b.state.seats.length === 2);
    assert.deepEqual(b.state.seats, [{ seat: 3, player_id: ann.id, name: 'ann' }, { seat: 0, player_id: ben.id, name: 'ben' }]);
    assert.equal(await players(), 2);
    assert.deepEqual(ok(await a.push('leave_seat')), {});
    assert.equal(await players(), 1);
    await b.until('the left_seat event', () => b.events('left_seat').length === 1);
    assert.deepEqual(b.events().slice(-3).map((e) => [e.type, e.seat, e.player_id]), [['seated', 3, ann.id], ['seated', 0, ben.id], ['left_seat', 3, ann.id]]);
  });

  it('acts only as the socket’s player: a forged player id or seat is refused at the boundary, and nothing moves', async () => {
    await casino.tables.create('blackjack', { id: 'forge-1', ephemeral: false, options: { betting_ms: 60_000 } });
    const [ann, bob] = [await casino.guest('ann'), await casino.guest('bob')];
    const b = await bob.table('forge-1');
    ok(await b.push('sit', { seat: 3 }));
    const a = await ann.table('forge-1');
    refused(await a.act({ action: 'bet', amount: 100, player_id: bob.id, seat: 3, playerId: bob.id }), 'invalid_payload');
    refused(await a.act({ action: 'bet', amount: 100 }), 'not_seated', 'the table acts for the socket’s own player only');
    refused(await a.push('leave_seat', { player_id: bob.id }), 'invalid_payload');
    refused(await a.push('sit', { seat: 1, admin: true }), 'invalid_payload');
    assert.deepEqual([await casino.balance(ann.id), await casino.balance(bob.id)], [100_000, 100_000]);
    assert.deepEqual(a.state.seats.map((s: any) => [s.seat, s.player_id]), [[3, bob.id]]);
  });

  it('answers an event the table does not have, an action its game does not have and a malformed act, and goes on', async () => {
    const ann = await casino.guest('ann');
    const t = await ann.find('slots');
    const unknown = refused(await t.push('settle', { round_id: 'x' }), 'unknown_event');
    assert.equal(unknown.event, 'settle');
    refused(await t.act({ action: 'hit' }), 'invalid_action');
    refused(await t.act({ action: 'spin' }), 'invalid_payload');
    refused(await t.act({ bet: 100 }), 'invalid_payload');
    refused(await t.push('resume', { since: -1 }), 'invalid_payload');
    ok(await t.act({ action: 'spin', bet: 20 }));
  });

  it('refuses to let a seated player leave while a round runs', async () => {
    await casino.tables.create('blackjack', { id: 'busy-1', ephemeral: false, options: { betting_ms: 60_000, turn_ms: 60_000 } });
    const [ann, ben] = [await casino.guest('ann'), await casino.guest('ben')];
    const [a, b] = [await ann.table('busy-1'), await ben.table('busy-1')];
    ok(await a.push('sit', {}));
    ok(await b.push('sit', {}));
    ok(await a.act({ action: 'bet', amount: 100 })); // ben has not bet: the round waits for him (left open on purpose)
    refused(await a.push('leave_seat'), 'round_closed');
    refused(await b.push('leave_seat'), 'round_closed');
    assert.equal(await casino.balance(ann.id), 100_000 - 100, 'the stake is in escrow');
  });

  it('numbers its events one by one, and a client that reconnects resumes the ones it missed from its last seq', async () => {
    await casino.tables.create('roulette', { id: 'resume-1', ephemeral: false, shared: true, options: { betting_ms: 30 } });
    const [ann, ben] = [await casino.guest('ann'), await casino.guest('ben')];
    let a = await ann.table('resume-1');
    const b = await ben.table('resume-1');
    ok(await a.push('sit', {}));
    ok(await b.push('sit', {}));
    ok(await a.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }] }));
    await a.until('the first round settled', () => a.events('settled').length === 1);
    const seen = a.events().at(-1).seq;
    const seqs = a.events().map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'seq increases by one per event');

    const again = await ann.reconnect(); // ann's connection drops; ben plays a round meanwhile
    ok(await b.act({ action: 'bet', bets: [{ type: 'black', amount: 200 }] }));
    await b.until('the second round settled', () => b.events('settled').length === 2);
    a = await again.table('resume-1');
    assert.equal(a.reply.seq, b.events().at(-1).seq, 'the join tells the client where the table is');
    assert.deepEqual(a.state.seats.map((s: any) => s.player_id).sort(), [ann.id, ben.id].sort(), 'ann kept her seat');
    const missed = ok(await a.push('resume', { since: seen })).events;
    assert.deepEqual(missed, b.events().filter((e) => e.seq > seen), 'exactly the events missed, as ben saw them');
    assert.deepEqual(missed.map((e: any) => e.type).filter((x: string) => x === 'settled'), ['settled']);
    assert.deepEqual(ok(await a.push('resume', { since: a.reply.seq })).events, []);
  });

  it('chats: cleaned, masked, capped, broadcast to the table and replayed to who joins next', async () => {
    const [ann, ben] = [await casino.guest('alice'), await casino.guest('bob')];
    const a = await ann.table('blackjack-1');
    assert.deepEqual(await a.push('chat', { text: '  <b>hello</b>   <script>x()</script>table, idiot ' }), { status: 'ok', response: {} });
    await a.until('the chat line', () => a.pushes('chat').length === 1);
    const [line] = a.pushes('chat');
    assert.deepEqual([line.text, line.player_id, line.name, typeof line.at], ['hello table, *****', ann.id, 'alice', 'number']);
    refused(await a.push('chat', { text: 'x'.repeat(41) }), 'invalid_payload');
    refused(await a.push('chat', { text: '<i></i>' }), 'invalid_payload');
    refused(await a.push('chat', { text: 5 }), 'invalid_payload');
    const b = await ben.table('blackjack-1');
    assert.deepEqual(b.reply.chat.map((m: { text: string }) => m.text), ['hello table, *****']);
  });

  it('comes back after being killed mid-round: nothing drawn, the stake refunded; members get a fresh state and a notice; another table plays on', async () => {
    const ann = await casino.guest('ann');
    const v = await ann.find('roulette');
    const by = await ann.find('slots');
    const bet = ok(await v.act({ action: 'bet', bets: [{ type: 'red', amount: 500 }] }));
    assert.equal(bet.balance, 100_000 - 500);
    const bystander = casino.tables.lookup(by.tableId);
    const states = v.pushes('state').length;
    await casino.crash(v.tableId);
    await v.until('a fresh state and the notice', () => v.pushes('state').length > states && v.pushes('notice').some((n) => n.kind === 'table_restarted'));
    assert.equal(v.state.round_id, null);
    const round = (await casino.ledger.rounds.get(bet.round_id))!;
    assert.deepEqual([round.status, round.resolution], ['settled', 'refunded'], 'no outcome was drawn: the stake comes back');
    assert.equal(await casino.balance(ann.id), 100_000);
    assert.equal(casino.tables.lookup(by.tableId), bystander, 'the other table never noticed');
    ok(await by.act({ action: 'spin', bet: 20 }));
    ok(await v.act({ action: 'bet', bets: [{ type: 'odd', amount: 10 }] }));
    ok(await v.act({ action: 'spin' }));
    await casino.assertBalanced({ allowOpenRounds: true }); // the round at busy-1 waits on purpose
  });

  it('is closed on its own restart budget when it keeps crashing, its round completed; nothing else notices', async () => {
    const bystander = await casino.guest('bystander');
    const other = await bystander.table('baccarat-1');
    const victim = await casino.guest('victim');
    let t = await victim.find('blackjack', { shared: false });
    ok(await t.push('sit', {}));
    let round: string | null = null;
    for (let i = 0; i < 20 && round === null; i++) {
      const bet = ok(await t.act({ action: 'bet', amount: 500 })).round_id;
      await t.until('the deal', () => t.events('settled').some((e) => e.round_id === bet) || (t.state.round_id === bet && ['playing', 'insurance'].includes(t.state.game.tag)));
      if (t.state.round_id === bet) round = bet; // else a natural settled it at once: deal again
    }
    assert.ok(round, 'a hand where the player must decide');
    // Kill it as soon as each incarnation is up, ten times: far past 3 restarts in 10 s.
    for (let kills = 0; kills < 10; kills++) {
      const pid = await casino.tables.await(t.tableId, 2000);
      if (!pid) break;
      exit(pid, 'kill');
      await new Promise((r) => setTimeout(r, 5));
    }
    await t.until('the table closed', () => t.pushes('notice').some((n) => n.kind === 'table_closed'));
    assert.deepEqual([casino.tables.lookup(t.tableId), casino.tables.gameOf(t.tableId)], [undefined, undefined]);
    let row: { status: string; resolution: string | null } | undefined;
    for (let i = 0; i < 200 && row?.status !== 'settled'; i++) {
      [row] = await casino.ledger.store.query<{ status: string; resolution: string | null }>('SELECT status, resolution FROM rounds WHERE id = $1', [round]);
      if (row?.status !== 'settled') await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(row, { status: 'settled', resolution: 'completed' }, 'the closed table’s round was completed, not left in escrow');
    assert.ok(isAlive(casino.tables.supervisor), 'the tables supervisor lives');
    assert.deepEqual([bystander.t.closedWith, victim.t.closedWith], [null, null], 'no socket closed');
    assert.deepEqual(bystander.t.frames.filter((f) => f.event === 'phx_error'), [], 'the bystander channel never errored');
    refused(await other.act({ action: 'bet', bets: [{ on: 'banker', amount: 100 }] }), 'not_seated', 'the other table still answers');
    t = await victim.find('slots'); // and the victim plays on elsewhere
    ok(await t.act({ action: 'spin', bet: 20 }));
    await casino.assertBalanced({ allowOpenRounds: true }); // the round at busy-1 waits on purpose
  });

  it('leaves the lobby listing when it closes, and tells its members', async () => {
    const ann = await casino.guest('ann');
    const lobby = await ann.lobby();
    const t = await ann.find('blackjack', { shared: false });
    const row = async () => (await lobby.push('tables', { limit: 200 })).response.tables.find((x: any) => x.id === t.tableId);
    assert.deepEqual(await row(), { id: t.tableId, game: 'blackjack', name: 'Blackjack', seats: 1, players: 0, min_bet: 100, max_bet: 50_000, shared: false });
    ok(await t.push('sit', {}));
    assert.equal((await row()).players, 1);
    await stop(casino.tables.lookup(t.tableId)!, 'normal');
    await t.until('the table_closed event', () => t.events('table_closed').length === 1);
    assert.equal(await row(), undefined);
    assert.equal(casino.tables.lookup(t.tableId), undefined);
  });

  describe('idempotency keys: a repeated key after the table forgot it', () => {
    /** Crashes the table and waits for the client's channel to be attached to the new one. */
    const crash = async (t: Joined) => {
      const seen = t.pushes('notice').filter((n) => n.kind === 'table_restarted').length;
      await casino.crash(t.tableId);
      await t.until('the restart', () => t.pushes('notice').filter((n) => n.kind === 'table_restarted').length > seen);
    };

    it('slots: the same key after a crash answers the first spin and charges once; at another table too', async () => {
      const alice = await casino.player('key-alice', 5000);
      const t = await alice.find('slots');
      const first = ok(await t.act({ action: 'spin', bet: 100, key: 'K' }));
      await crash(t);
      assert.deepEqual(ok(await t.act({ action: 'spin', bet: 100, key: 'K' })), first, 'the first answer, not round_closed');
      // The same key at another table is the same action: its first answer, nothing staked.
      const elsewhere = await alice.table('slots-1');
      assert.notEqual(elsewhere.tableId, t.tableId);
      assert.deepEqual(ok(await elsewhere.act({ action: 'spin', bet: 40, key: 'K' })), first);
      assert.equal(await casino.balance(alice.id), 5000 - 100 + first.win);
      const staked = await casino.ledger.store.query<{ n: number }>('SELECT count(*)::int AS n FROM round_stakes WHERE player_id = $1', [alice.id]);
      assert.equal(staked[0]!.n, 1, 'one stake in the whole ledger');
    });

    it('roulette (shared): a bet claims its key in its stake\'s transaction — a held key stakes nothing, a refused bet frees it, a repeat answers first', async () => {
      await casino.tables.create('roulette', { id: 'keys-roulette', ephemeral: false, shared: true, options: { betting_ms: 60_000 } });
      const gus = await casino.player('key-gus', 1_000);
      const t = await gus.table('keys-roulette');
      ok(await t.push('sit', {}));
      const stakes = async () => (await casino.ledger.store.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM round_stakes WHERE player_id = $1) + (SELECT count(*) FROM round_stake_adds WHERE player_id = $1) AS n`, [gus.id]))[0]!.n;
      // Held by an act elsewhere that never answered: key_pending, nothing staked, the claim untouched.
      await casino.ledger.keys.claim(gus.id, 'held', 'blackjack-1');
      const r = refused(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'held' }), 'key_pending');
      assert.equal(r.table_id, 'blackjack-1');
      assert.equal(Number(await stakes()), 0);
      assert.deepEqual(await casino.ledger.keys.get(gus.id, 'held'), { type: 'pending', tableId: 'blackjack-1' });
      // More than the wallet: refused, and the key is free for the retry that fits.
      refused(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 5_000 }], key: 'B' }), 'insufficient_funds');
      assert.deepEqual(await casino.ledger.keys.get(gus.id, 'B'), { type: 'new' });
      const first = ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'B' }));
      assert.equal(first.balance, 900);
      assert.deepEqual(await casino.ledger.keys.get(gus.id, 'B'), { type: 'answered', tableId: 'keys-roulette', reply: { status: 'ok', response: first } },
        'the answer kept (in the stake\'s transaction) is the one the client got');
      // The round is open now (the first bet opened it); a second keyed bet adds a stake in its transaction.
      const second = ok(await t.act({ action: 'bet', bets: [{ type: 'black', amount: 50 }], key: 'C' }));
      assert.equal(second.balance, 850);
      assert.deepEqual(await casino.ledger.keys.get(gus.id, 'C'), { type: 'answered', tableId: 'keys-roulette', reply: { status: 'ok', response: second } });
      // A held key into the open round: the added stake's transaction finds it, nothing staked.
      await casino.ledger.keys.claim(gus.id, 'held2', 'slots-1');
      refused(await t.act({ action: 'bet', bets: [{ type: 'odd', amount: 10 }], key: 'held2' }), 'key_pending');
      assert.equal(await casino.balance(gus.id), 850);
      // Repeats answer as the first time and stake nothing, after the table forgot them too.
      assert.deepEqual(ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'B' })), first);
      await casino.crash('keys-roulette');
      await t.until('the restart', () => t.pushes('notice').some((n) => n.kind === 'table_restarted'));
      assert.deepEqual(ok(await t.act({ action: 'bet', bets: [{ type: 'black', amount: 50 }], key: 'C' })), second);
      assert.equal(Number(await stakes()), 2, 'one stake per key');
    });

    it('slots: a refused act does not use up its key; a retry with it may succeed', async () => {
      const bob = await casino.player('key-bob', 5000);
      const t = await bob.find('slots');
      refused(await t.act({ action: 'spin', bet: 6000, key: 'R' }), 'insufficient_funds');
      await crash(t);
      const r = ok(await t.act({ action: 'spin', bet: 100, key: 'R' }));
      assert.equal(await casino.balance(bob.id), 5000 - 100 + r.win);
    });

    it('slots: a player who left the table is forgotten by it; the ledger still knows the key', async () => {
      const carol = await casino.player('key-carol', 5000);
      let t = await carol.find('slots');
      const first = ok(await t.act({ action: 'spin', bet: 100, key: 'L' }));
      ok(await t.push('leave_seat'));
      await t.leave();
      t = await carol.table(t.tableId);
      assert.deepEqual(ok(await t.act({ action: 'spin', bet: 100, key: 'L' })), first, 'answered from the ledger');
      // With the ledger's row gone too, only the table's memory could answer: it forgot.
      await casino.ledger.store.query('DELETE FROM action_keys WHERE player_id = $1', [carol.id]);
      await t.push('leave_seat'); // the remembered answer sat no one: not_seated, whatever
      await t.leave();
      t = await carol.table(t.tableId);
      refused(await t.act({ action: 'spin', bet: 100, key: 'L' }), 'round_closed', 'not the remembered answer; the round id derived from the key still refuses a second stake');
      assert.equal(await casino.balance(carol.id), 5000 - 100 + first.win);
    });

    it('slots: a key whose first act never answered is refused with key_pending, not played again', async () => {
      const dave = await casino.player('key-dave', 5000);
      const t = await dave.find('slots');
      // What a table that crashed in the middle of an act leaves: a claimed key, no reply.
      await casino.ledger.keys.claim(dave.id, 'P', 'blackjack-1');
      const r = refused(await t.act({ action: 'spin', bet: 100, key: 'P' }), 'key_pending');
      assert.equal(r.table_id, 'blackjack-1');
      assert.equal(await casino.balance(dave.id), 5000);
    });

    it('blackjack: a bet, a double, a crash — the same keys answer as the first time, one stake each', async () => {
      const erin = await casino.player('key-erin', 5000);
      const t = await erin.find('blackjack', { shared: false });
      const myTurn = () => t.state.round_id !== null && t.state.game.tag === 'playing' && t.state.game.turn.seat === t.mySeat;
      /** Bets with fresh keys until a round waits for this player's move (naturals settle at once). */
      const betUntilPlaying = async (): Promise<{ key: string; reply: any }> => {
        for (let i = 0; i < 30; i++) {
          const key = crypto.randomUUID();
          const reply = ok(await t.act({ action: 'bet', amount: 100, key }));
          const settled = () => t.events('settled').some((e) => e.round_id === reply.round_id);
          await t.until('dealt', () => settled() || (t.state.round_id === reply.round_id && ['playing', 'insurance'].includes(t.state.game.tag)));
          if (!settled() && t.state.game.tag === 'insurance') {
            const states = t.pushes('state').length;
            ok(await t.act({ action: 'no_insurance' }));
            await t.until('insurance decided', () => t.pushes('state').length > states);
          }
          if (!settled() && myTurn()) return { key, reply };
          await t.until('settled', settled);
        }
        assert.fail('no playable hand in 30 rounds');
      };
      const rounds = async () => casino.ledger.store.query<{ round_id: string; n: number }>(
        `SELECT round_id, (SELECT count(*)::int FROM round_stake_adds a WHERE a.round_id = s.round_id) AS n
           FROM round_stakes s WHERE player_id = $1 ORDER BY round_id`, [erin.id]);

      // A round left open by the crash: recovery stands for her; the bet's key still answers.
      const a = await betUntilPlaying();
      const before = await rounds();
      await crash(t);
      await t.until('the round resolved', () => t.state.round_id === null);
      assert.deepEqual(ok(await t.act({ action: 'bet', amount: 100, key: a.key })), a.reply);
      assert.deepEqual(await rounds(), before, 'no second round, no added stake');

      // A double (a second stake) in a settled round, then a crash: both keys answer as before.
      const b = await betUntilPlaying();
      const doubled = ok(await t.act({ action: 'double', key: 'D' }));
      await t.until('settled', () => t.events('settled').some((e) => e.round_id === b.reply.round_id));
      const settledRounds = await rounds();
      await crash(t);
      assert.deepEqual(ok(await t.act({ action: 'double', key: 'D' })), doubled);
      assert.deepEqual(ok(await t.act({ action: 'bet', amount: 100, key: b.key })), b.reply);
      assert.deepEqual(await rounds(), settledRounds, 'no round opened, no stake added by the repeats');
      assert.equal(settledRounds.find((r) => r.round_id === b.reply.round_id)!.n, 1, 'the double staked once');
      const net = await casino.ledger.store.query<{ net: number }>('SELECT coalesce(sum(payout - stake), 0)::int AS net FROM round_results WHERE player_id = $1', [erin.id]);
      assert.equal(await casino.balance(erin.id), 5000 + net[0]!.net);
    });
  });
});
