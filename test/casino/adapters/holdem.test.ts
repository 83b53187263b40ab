// Hold'em at a table, in process: buy-ins to table chips (limits, wallet), hands dealt
// with each player seeing only their own hole cards, actions in turn (out of turn and
// malformed ones refused), hands that replay from their journals with chips conserved,
// cash-out on leaving with the wallet's balance pushed for the buy-in and cash-out only,
// the clock playing an absent player who then sits out and loses the seat after the
// grace, never a stale timer with a slow ledger, a hand killed mid-street played on by
// the clock, and chips that always go home
// (a stack above the maximum sits again after a crash, a closing table returns stranded
// stacks, `cash_out_chips` brings back those where the player holds no seat).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stop } from '../../../src/runtime/index.ts';
import { accountId, replayRound } from '../../../src/ledger/index.ts';
import { casinoReplayers } from '../../../src/casino/adapters/replayers.ts';
import { chipsAccount } from '../../../src/casino/tables/chips.ts';
import { ok, refused, startCasino, type Casino, type Client, type Joined } from '../harness.ts';

const hand = (t: Joined) => t.state?.game?.hand;
const toAct = (t: Joined) => hand(t)?.to_act;
const isMyTurn = (t: Joined) => hand(t) && hand(t).street !== 'complete' && toAct(t) === t.mySeat;

describe("hold'em tables", () => {
  let casino: Casino;
  const chips = (table: string, c: Client) => casino.ledger.wallet.balance(chipsAccount(table, c.id));

  /** The one of `ts` whose turn it is in the latest state. */
  const actor = (ts: Joined[]) => {
    const t = ts.find(isMyTurn);
    assert.ok(t, `someone to act: ${JSON.stringify(hand(ts[0]!))}`);
    return t;
  };

  /** Folds (or checks, when free) whoever is to act until the running hand settles. */
  const foldOut = async (ts: Joined[]) => {
    const first = ts[0]!;
    const settled = first.events('settled').length;
    while (first.events('settled').length === settled) {
      await first.until('a turn or the settlement', () => first.events('settled').length > settled || ts.some(isMyTurn));
      const t = ts.find(isMyTurn);
      if (!t) continue;
      const states = t.pushes('state').length;
      const r = await t.act({ action: hand(t).legal?.canCheck ? 'check' : 'fold' });
      if (r.status === 'ok') await t.until('the next state', () => t.pushes('state').length > states);
    }
  };

  /** Leaves the seat, playing out (by folding) a hand that started meanwhile. */
  const leaveSeat = async (t: Joined, all: Joined[]) => {
    for (let i = 0; i < 10; i++) {
      const r = await t.push('leave_seat');
      if (r.status === 'ok') return;
      refused(r, 'round_closed');
      await foldOut(all);
    }
    assert.fail('could not leave between hands');
  };

  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '20000', PITBOSS_SEAT_GRACE_MS: '300' }, defaultTables: false });
  });
  after(() => casino.close());

  describe('a three-handed table', () => {
    let ps: Client[];
    let ts: Joined[];
    let spectator: Joined;
    let mine: Joined[];
    before(async () => {
      await casino.tables.create('holdem', { id: 'he-1', ephemeral: false, options: { hand_delay_ms: 400, turn_ms: 60_000 } });
      ps = [await casino.guest('ann'), await casino.guest('ben'), await casino.guest('cat')];
      mine = await Promise.all(ps.map((p) => p.me()));
      ts = await Promise.all(ps.map((p) => p.table('he-1')));
      spectator = await (await casino.guest('spec')).table('he-1');
    });

    it('refuses buy-ins outside the limits and the wallet, then seats three players with chips from their wallets', async () => {
      const [a] = ts as [Joined];
      refused(await a.push('sit', { buy_in: 100 }), 'below_min');
      refused(await a.push('sit', { buy_in: 10_001 }), 'above_max');
      refused(await a.push('sit', { buy_in: 2500.5 }), 'invalid_payload');
      refused(await a.push('sit', { buy_in: '4000' }), 'invalid_payload');
      assert.equal(await casino.balance(ps[0]!.id), 20_000);
      // All at once, so the first hand deals all three in.
      const sat = await Promise.all(ts.map((t, seat) => t.push('sit', { seat, buy_in: 4000 })));
      assert.deepEqual(sat, [0, 1, 2].map((seat) => ({ status: 'ok', response: { seat } })));
      for (const p of ps) {
        assert.equal(await casino.balance(p.id), 16_000);
        assert.equal(await chips('he-1', p), 4000);
      }
    });

    it('deals a hand: each player sees only their own hole cards, a spectator none, and no event carries any', async () => {
      await spectator.until('a hand dealt to all three', () => hand(spectator)?.seats?.length === 3);
      for (const [i, t] of ts.entries()) {
        await t.until('the hand in my state', () => hand(t)?.street === 'preflop');
        for (const st of t.pushes('state').filter((s) => s.game.hand)) {
          for (const seat of st.game.hand.seats) {
            if (seat.player_id === ps[i]!.id) assert.equal(seat.cards.length, 2, 'my own cards');
            else assert.deepEqual([seat.cards, seat.openings], [null, null], 'another player’s cards are hidden');
          }
        }
        assert.equal(t.events('hand_started').length, 1);
        assert.ok(!t.events().some((e) => e.type === 'hole_cards_dealt' || 'hole' in e || ('cards' in e && e.type !== 'street')), 'no hole card in a public event');
      }
      assert.ok(hand(spectator).seats.every((s: any) => s.cards === null && s.openings === null), 'a spectator sees no hole card');
      assert.equal(hand(spectator).legal, null);
      assert.equal(hand(actor(ts)).legal.toAct, true, 'the player to act is told what is legal');
    });

    it('takes actions in turn and refuses out-of-turn and malformed ones; the hand replays from its journal with chips conserved', async () => {
      const a = actor(ts);
      const other = ts.find((t) => t !== a)!;
      refused(await other.act({ action: 'call' }), 'not_your_turn');
      refused(await a.act({ action: 'raise', amount: -5 }), 'invalid_payload');
      refused(await a.act({ action: 'raise', amount: 100.5 }), 'invalid_payload');
      refused(await a.act({ action: 'raise' }), 'invalid_payload');
      refused(await a.act({ action: 'shove' }), 'invalid_action');
      refused(await a.act({ action: 'call', amount: 5 }), 'invalid_payload', 'call takes no amount');
      refused(await spectator.act({ action: 'fold' }), 'not_seated');
      const raise = ok(await a.act({ action: 'raise', amount: 300 }));
      assert.equal(raise.balance, 16_000, 'a raise stakes chips, not the wallet');
      await foldOut(ts);
      const settled = ts[0]!.events('settled').at(-1);
      assert.ok(Array.isArray(settled.outcome.board) && Array.isArray(settled.outcome.pots));
      assert.equal(settled.server_seed, undefined, 'a hold’em seed is never revealed');
      const replayed = (await replayRound(casino.ledger.store, settled.round_id, casinoReplayers()))!;
      assert.equal(replayed.ok, true, replayed.mismatches.join());
      assert.deepEqual(replayed.replayed.outcome, settled.outcome, 'the hand replays to the same board, pots and shown hands');
      const raiser = ps[ts.indexOf(a)]!;
      assert.equal(settled.results.find((r: any) => r.player_id === raiser.id).won > 0, true, 'everyone folded to the raise');
      const stacks = await Promise.all(ps.map((p) => chips('he-1', p)));
      assert.equal(stacks.reduce((x, y) => x + y, 0), 12_000, 'chips are conserved across the hand');
    });

    it('cashes a player out when they leave between hands, pushing the wallet balance for the buy-in and the cash-out only', async () => {
      const [ann] = ps as [Client];
      await leaveSeat(ts[0]!, ts);
      assert.equal(await chips('he-1', ann), 0);
      const wallet = await casino.balance(ann.id);
      await mine[0]!.until('the cash-out push', () => mine[0]!.pushes('balance').some((b) => b.reason === 'cash_out'));
      const seen = mine[0]!.pushes('balance');
      assert.deepEqual(seen.map((b) => b.reason), ['buy_in', 'cash_out'], 'hands stake from chips: no wallet push for them');
      assert.deepEqual([seen[0].balance, seen[0].delta, seen[1].balance], [16_000, -4000, wallet]);
      const walletsAndChips = (await Promise.all(ps.map(async (p) => (await casino.balance(p.id)) + (await chips('he-1', p))))).reduce((x, y) => x + y, 0);
      // A new hand may already be running between the other two: its pot sits in the table's escrow.
      const pot = await casino.ledger.wallet.balance(accountId('escrow', 'he-1', 'PLAY'));
      assert.equal(walletsAndChips + pot, 60_000, 'wallets, chips and the running pot hold all the money');
      await leaveSeat(ts[1]!, ts.slice(1));
      await leaveSeat(ts[2]!, ts.slice(2));
      await casino.assertBalanced();
    });
  });

  it('plays an absent player by the clock, deals the next hand without them, and frees the seat and chips after the grace', async () => {
    await casino.tables.create('holdem', { id: 'he-away', ephemeral: false, options: { hand_delay_ms: 100, turn_ms: 100 } });
    const ps = [await casino.guest('ann'), await casino.guest('ben'), await casino.guest('cyd')];
    const ts = await Promise.all(ps.map((p) => p.table('he-away')));
    await Promise.all(ts.map((t) => t.push('sit', { buy_in: 5000 })));
    const [ann, , cyd] = ps as [Client, Client, Client];
    const a = ts[0]!;
    await a.until('a hand dealt to three', () => hand(a)?.seats?.length === 3);
    const first = a.state.round_id;
    const cydSeat = ts[2]!.mySeat;
    await cyd.close(); // killed mid-hand: no leave, no fold
    await a.until('a hand without cyd', () => a.state.round_id !== first && hand(a)?.seats?.length === 2);
    assert.ok(!hand(a).seats.some((s: any) => s.seat === cydSeat), 'cyd is not dealt in');
    assert.ok(a.events('action').some((e) => e.timeout === true), 'the clock acted');
    await a.until('cyd’s seat freed', () => a.events('left_seat').some((e) => e.player_id === cyd.id));
    const lastStack = a.pushes('state').filter((s) => cyd.id in s.game.stacks).at(-1).game.stacks[cyd.id];
    assert.equal(await chips('he-away', cyd), 0);
    assert.equal(await casino.balance(cyd.id), 15_000 + lastStack, 'the whole stack went home with the seat');
    assert.ok(!a.state.seats.some((s: any) => s.player_id === cyd.id) && a.state.seats.some((s: any) => s.player_id === ann.id));
    await casino.assertBalanced({ allowOpenRounds: true }); // ann and ben play on
    for (const t of ts.slice(0, 2)) await leaveSeat(t, ts.slice(0, 2));
  });

  it('plays on a hand killed mid-street by the clock, with stacks and button back at the table', async () => {
    await casino.tables.create('holdem', { id: 'he-crash', ephemeral: false, options: { hand_delay_ms: 400, turn_ms: 60_000 } });
    const ps = [await casino.guest('hx'), await casino.guest('hy'), await casino.guest('hz')];
    const ts = await Promise.all(ps.map((p) => p.table('he-crash')));
    await Promise.all(ts.map((t) => t.push('sit', { buy_in: 5000 })));
    await ts[0]!.until('a hand', () => hand(ts[0]!)?.seats?.length === 3 && ts.some(isMyTurn));
    const roundId = ts[0]!.state.round_id;
    const a = actor(ts);
    ok(await a.act({ action: 'raise', amount: 400 }));
    const button = ts[0]!.state.game.button;
    await casino.crash('he-crash');
    await Promise.all(ts.map((t) => t.until('the restart notice', () => t.pushes('notice').some((n) => n.kind === 'table_restarted'))));
    const j = (await casino.ledger.rounds.getRevealed(roundId))!;
    assert.deepEqual([j.status, j.resolution], ['settled', 'completed']);
    // The raiser's opponents timed out facing a raise: they folded, and the raiser took the blinds.
    const raiser = ps[ts.indexOf(a)]!;
    const net = Object.fromEntries(j.results.map((x) => [x.player, x.payout - x.stake]));
    assert.ok(net[raiser.id]! > 0, JSON.stringify(net));
    assert.equal(Object.values(net).reduce((x, y) => x + y, 0), 0, 'chips conserved among the players');
    const t0 = ts[0]!;
    await t0.until('the seats back', () => t0.state.seats.length === 3 && t0.state.round_id !== roundId);
    const stacks = t0.state.game.stacks as Record<string, number>;
    assert.equal(Object.values(stacks).reduce((x, y) => x + y, 0), 15_000);
    assert.equal(stacks[raiser.id], 5000 + net[raiser.id]!);
    assert.equal(t0.state.game.button, button, 'the button stays where the interrupted hand had it');
    for (const t of ts) await leaveSeat(t, ts);
    await casino.assertBalanced();
  });

  it('never times out a player who acts inside the turn, with a slow ledger: a timer that fired during the answer is stale', async () => {
    const rounds = casino.ledger.rounds;
    const append = rounds.appendAction;
    // Every journal write takes 250 ms: the write of an answer given 400 ms into a 600 ms
    // turn spans the moment that turn's timer fires.
    rounds.appendAction = async (...args: Parameters<typeof append>) => {
      await new Promise((r) => setTimeout(r, 250));
      return append.apply(rounds, args);
    };
    const acting: NodeJS.Timeout[] = [];
    try {
      await casino.tables.create('holdem', { id: 'he-slow', ephemeral: false, options: { hand_delay_ms: 300, turn_ms: 600 } });
      const ps = [await casino.guest('dee'), await casino.guest('eve')];
      const ts = await Promise.all(ps.map((p) => p.table('he-slow')));
      await Promise.all(ts.map((t) => t.push('sit', { buy_in: 5000 })));
      // Each player answers its turn 400 ms after seeing it (and only once per state it saw).
      const answered = new Set<string>();
      acting.push(setInterval(() => {
        for (const t of ts) {
          const key = `${t.state.round_id}:${t.state.seq}`;
          if (!isMyTurn(t) || answered.has(key)) continue;
          answered.add(key);
          acting.push(setTimeout(() => void t.act({ action: hand(t).legal?.canCheck ? 'check' : 'call' }), 400));
        }
      }, 20));
      await ts[0]!.until('two hands', () => ts[0]!.events('settled').length >= 2, 60_000);
      assert.deepEqual(ts[0]!.events('action').filter((e) => e.timeout), [], 'nobody was timed out');
      for (const x of acting) clearTimeout(x);
      rounds.appendAction = append;
      for (const t of ts) await leaveSeat(t, ts);
    } finally {
      for (const x of acting) clearTimeout(x);
      rounds.appendAction = append;
    }
  });

  describe('chips always go home', () => {
    let winner: Client;
    let w: Joined;
    it('lets a player whose stack outgrew the maximum buy-in sit again with all of it after a crash', async () => {
      await casino.tables.create('holdem', { id: 'hx-1', ephemeral: false, options: { big_blind: 50, small_blind: 25, min_buy_in: 1000, max_buy_in: 2000, hand_delay_ms: 400, turn_ms: 60_000 } });
      const ps = [await casino.guest('ann'), await casino.guest('ben')];
      const ts = await Promise.all(ps.map((p) => p.table('hx-1')));
      await Promise.all(ts.map((t, seat) => t.push('sit', { seat, buy_in: 2000 })));
      await ts[0]!.until('a hand', () => ts.some(isMyTurn));
      const folder = actor(ts);
      ok(await folder.act({ action: 'fold' }));
      [w, winner] = folder === ts[0] ? [ts[1]!, ps[1]!] : [ts[0]!, ps[0]!];
      await w.until('settled', () => w.events('settled').length === 1);
      await leaveSeat(folder, ts); // before the next hand: the winner stays alone, no hand runs
      const stack = await chips('hx-1', winner);
      assert.ok(stack > 2000, `the winner's stack ${stack} is above the maximum buy-in`);
      const walletBefore = await casino.balance(winner.id);

      await casino.crash('hx-1');
      await w.until('the restart notice', () => w.pushes('notice').some((n) => n.kind === 'table_restarted'));
      assert.deepEqual(w.state.seats, [], 'no round was running: the restarted table seats no one');
      assert.equal(await chips('hx-1', winner), stack, 'the stack survived the crash in the ledger');
      refused(await w.push('sit', { buy_in: 100 }), 'above_max', 'more chips on top of a stack above the maximum');
      ok(await w.push('sit', {})); // the whole stack, buying nothing
      await w.until('the stack shown', () => w.state.game.stacks[winner.id] === stack);
      assert.equal(await casino.balance(winner.id), walletBefore);
      await casino.assertBalanced();
    });

    it('returns chips stranded at a table to the wallet when that table closes', async () => {
      const stack = await chips('hx-1', winner);
      const walletBefore = await casino.balance(winner.id);
      await casino.crash('hx-1'); // strands the stack again: the restarted table seats no one
      await w.leave(); // nobody stays...
      await stop(casino.tables.lookup('hx-1')!, 'normal'); // ...and the table closes (what the idle timer does)
      for (let i = 0; i < 500 && (await chips('hx-1', winner)) !== 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await chips('hx-1', winner), 0);
      assert.equal(await casino.balance(winner.id), walletBefore + stack);
      const audit = await casino.ledger.store.query<{ after: string }>("SELECT after FROM audit_log WHERE action = 'chips_returned' AND subject = $1",
        [chipsAccount('hx-1', winner.id)]);
      assert.deepEqual(audit.map((a) => JSON.parse(a.after).reason), ['table_closed']);
      await casino.assertBalanced();
    });

    it('returns chips on request from tables where the player is not seated, and only those', async () => {
      await casino.tables.create('holdem', { id: 'hx-2', ephemeral: false, options: { big_blind: 50, min_buy_in: 1000, max_buy_in: 2000, hand_delay_ms: 60_000 } });
      const [ann, ben] = [await casino.guest('ann'), await casino.guest('ben')];
      const [a, b] = [await ann.table('hx-2'), await ben.table('hx-2')];
      const [annMe, benMe] = [await ann.me(), await ben.me()];
      ok(await a.push('sit', { buy_in: 1500 }));
      ok(await b.push('sit', { buy_in: 1500 }));
      await casino.crash('hx-2');
      await a.until('the restart notice', () => a.pushes('notice').some((n) => n.kind === 'table_restarted'));
      ok(await a.push('sit', {})); // ann sits again with her chips
      // A table that crashed in an earlier run of the server and never came back.
      await casino.ledger.wallet.transfer({ key: 'ghost-buy-in', kind: 'buy_in', currency: 'PLAY',
        entries: [{ account: accountId('player', ben.id, 'PLAY'), amount: -700 }, { account: chipsAccount('ghost-table', ben.id), amount: 700 }] });
      const benBefore = await casino.balance(ben.id);
      const back = ok(await benMe.push('cash_out_chips'));
      assert.deepEqual(back.returned.sort((x: any, y: any) => x.table_id.localeCompare(y.table_id)), [{ table_id: 'ghost-table', amount: 700 }, { table_id: 'hx-2', amount: 1500 }]);
      assert.equal(back.balance, benBefore + 2200);
      assert.equal(await chips('hx-2', ben), 0);
      assert.deepEqual(ok(await benMe.push('cash_out_chips')).returned, [], 'asking again moves nothing');
      assert.deepEqual(ok(await annMe.push('cash_out_chips')).returned, [], 'a seated player’s chips stay at the table');
      assert.equal(await chips('hx-2', ann), 1500);
      refused(await annMe.push('cash_out_chips', { table_id: 'hx-2' }), 'invalid_payload');
      await casino.assertBalanced();
    });
  });
});
