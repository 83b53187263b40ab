// The hostile-payload catalogue, sent MID-ROUND in every game by a player with a stake at
// risk (in blackjack a hand that is behind, in hold'em facing a bet), through the official
// phoenix client (raw frames over its own connection, see
// hostile.ts): control characters and lone surrogates in values, keys and action names,
// `__proto__`/`constructor`/`prototype` keys, nesting 5,000 deep, 100,000-element arrays,
// 1 MiB strings just under the frame limit and one byte over it, wrong types and ranges
// for every amount (strings, floats, negatives, NaN-like strings, booleans, null, 1e400),
// unknown fields and actions, bad idempotency keys, and a key reused at another table.
//
// The attack: a losing player hopes a frame the server chokes on will crash the table and
// get the open round refunded (the void_round attack), or slip a field past a game. Why it
// fails now: the decoder refuses hostile text and shapes before any channel sees them
// (json_guard.ts), each game parses its acts with strict schemas (invalid_action /
// invalid_payload; an amount is a positive safe integer in every phase — a float bet in
// the middle of a blackjack hand used to get round_closed), a frame over 1 MiB closes only that socket (1009) and the client
// reconnects into the same round, and idempotency keys are scoped to their table. So each
// frame gets its contract reason, the round plays on to the outcome its seeds and the
// player's legal actions give (checked against the engines and by replaying every round),
// a bystander at another table sees nothing, and the ledger and audit chain verify.
//
// Limits: the roomy test limits, on purpose. The catalogue sends ~100 acts a game as fast
// as replies come; production limits would answer most of them `rate_limited` before
// parsing, and this file tests the parsing. flood.test.ts tests the limits.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import * as roulette from '../../src/games/roulette/index.ts';
import { roundIdFor } from '../../src/casino/tables/rounds.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from '../integration/helpers.ts';
import { actFrames, otherFrames, overLimit, rawPush, type GameActs } from './hostile.ts';
import { blackjackStanding } from './crash_oracles.ts';


interface Table { id: string; ch: Channel; state: any; events: any[]; notices: any[] }

describe('hostile payloads sent mid-round with the player’s stake at risk, in every game', () => {
  let server: RunningServer;
  let hostile: Guest;
  let hs: Socket;
  const hostileCloses: number[] = [];
  const serverErrors: string[] = []; // phx_error frames the server sent (channel crashes), any socket
  const sockets: Socket[] = [];
  let expected = 0; // the hostile player's wallet as the rules say it must be
  let side: Table; // the hostile's own slots table, where keys are reused
  let sideBet = 0;
  const by = { closes: [] as number[], errors: 0, table: null as unknown as Table, pid: null as unknown, bet: 0 };

  const connect = (g: Guest, closes?: number[]) => {
    const s = clientSocket(server.port, { params: { token: g.token } });
    s.onMessage((m: any) => { if (m.event === 'phx_error') serverErrors.push(`${g.name} ${m.topic}`); });
    if (closes) s.onClose((e: CloseEvent) => { closes.push(e.code); });
    s.connect();
    sockets.push(s);
    return s;
  };
  const open = async (s: Socket, id: string): Promise<Table> => {
    const t: Table = { id, ch: s.channel(`table:${id}`, {}), state: null, events: [], notices: [] };
    t.ch.on('state', (st) => { t.state = st; });
    t.ch.on('event', (e) => { t.events.push(e); });
    t.ch.on('notice', (n) => { t.notices.push(n); });
    // Every (re)join's reply carries the state: a rejoin after a close refreshes it too.
    t.ch.join().receive('ok', (r: any) => { t.state = r.state; });
    await waitFor(`joined ${id}`, () => t.ch.state === 'joined');
    return t;
  };
  const find = async (s: Socket, game: string, shared: boolean): Promise<string> => {
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    const r = await pushAsync(lobby, 'find_table', { game, shared });
    lobby.leave();
    return r.response.id as string;
  };
  const balance = async (g: Guest) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${g.token}` } })).json()) as { balance: number }).balance;
  const roundRow = async (id: string) =>
    (await server.services.ledger!.store.query<{ status: string; resolution: string | null }>('SELECT status, resolution FROM rounds WHERE id = $1', [id]))[0];
  const pidOf = (id: string) => server.services.tables!.lookup(id);
  const slotsBet = (t: Table) => {
    const lines = t.state.game.machine.paylines.length as number;
    return lines * Math.ceil(t.state.table.min_bet / lines);
  };

  /** Every frame of the catalogue on `t`'s channel: each must be refused with its contract reason. */
  async function sendCatalogue(t: Table, g: GameActs): Promise<void> {
    const wrong: string[] = [];
    for (const h of [...actFrames(g), ...otherFrames()]) {
      const r = await rawPush(hs, t.ch, h.event, h.payload);
      if (r.status !== 'error' || r.response?.reason !== h.want) {
        wrong.push(`${h.event} with ${h.name}: ${r.status} ${JSON.stringify(r.response)?.slice(0, 160)}`);
      }
    }
    assert.deepEqual(wrong, [], `frames not refused with their reason (want: ${g.legal} game)`);
  }

  /** One byte over the frame limit: the socket closes with 1009, the client reconnects and rejoins. */
  async function overTheLimit(t: Table, legal: string): Promise<void> {
    const closes = hostileCloses.length;
    void rawPush(hs, t.ch, 'act', overLimit(legal), 2000);
    await waitFor('the 1009 close', () => hostileCloses.length > closes);
    assert.deepEqual(hostileCloses.slice(closes), [1009]);
    await waitFor('the rejoin', () => hs.isConnected() && t.ch.state === 'joined' && side.ch.state === 'joined');
  }

  /**
   * A key belongs to its player, not to a table (docs/protocol.md): used again at another
   * table it answers the first reply and moves nothing, and again at `t` the same.
   */
  async function reuseKey(key: string, t: Table, first: { payload: object; reply: any } | null): Promise<void> {
    const before = await balance(hostile);
    const there = await pushAsync(side.ch, 'act', { action: 'spin', bet: sideBet, key });
    if (first) assert.deepEqual(there, first.reply, 'the same key at another table: the first answer');
    else {
      // A key never answered before (hold'em acts carry none here): a fresh spin at the side table.
      assert.equal(there.status, 'ok', JSON.stringify(there.response));
      expected += there.response.win - sideBet;
    }
    assert.deepEqual(await pushAsync(side.ch, 'act', { action: 'spin', bet: sideBet, key }), there, 'the same key again: the same answer');
    if (first) assert.deepEqual(await pushAsync(t.ch, 'act', first.payload), first.reply, 'back at the first table: its first answer, nothing moves');
    assert.equal(await balance(hostile), first ? before : before + there.response.win - sideBet, 'a reused key moved no money');
  }

  /** The bystander at another table: still connected, its table answers and its events flow. */
  async function bystanderUndisturbed(): Promise<void> {
    const before = by.table.events.length;
    const r = await pushAsync(by.table.ch, 'act', { action: 'spin', bet: by.bet });
    assert.equal(r.status, 'ok', JSON.stringify(r.response));
    await waitFor('the bystander’s spin settled', () => by.table.events.slice(before).some((e) => e.type === 'settled' && e.round_id === r.response.round_id));
    assert.deepEqual(by.closes, [], 'the bystander socket never closed');
    assert.equal(by.errors, 0, 'the bystander channel never errored');
    assert.deepEqual(by.table.notices, []);
    assert.equal(pidOf(by.table.id), by.pid, 'the bystander’s table never restarted');
  }

  /** The attacked table: same process, no restart notice, and the round not refunded. */
  async function tableIntact(t: Table, pid: unknown, roundId: string): Promise<void> {
    assert.equal(pidOf(t.id), pid, 'the table process is the one that started the round');
    assert.deepEqual(t.notices, [], 'no table_restarted notice');
    const row = await roundRow(roundId);
    assert.ok(row?.status === 'open' || row?.resolution === 'normal', `round ${roundId} not voided: ${JSON.stringify(row)}`);
  }

  before(async () => {
    server = await startTestServer({ PITBOSS_TURN_MS: '60000', PITBOSS_BETTING_MS: '6000' });
    hostile = await newGuest(server.url, 'hostile');
    expected = hostile.balance;
    hs = connect(hostile, hostileCloses);
    // The side table is the default machine: find_table gives a player one private table per game.
    side = await open(hs, 'slots-1');
    sideBet = slotsBet(side);
    const bystander = await newGuest(server.url, 'bystander');
    const bs = connect(bystander, by.closes);
    by.table = await open(bs, await find(bs, 'slots', false));
    by.table.ch.onError(() => { by.errors++; });
    by.pid = pidOf(by.table.id);
    by.bet = slotsBet(by.table);
  });
  it('slots: the catalogue behind a spin in flight; a frame over the limit mid-spin, then the same key again', async () => {
    const t = await open(hs, await find(hs, 'slots', false));
    const pid = pidOf(t.id);
    const bet = slotsBet(t);
    const key = crypto.randomUUID();
    const spinning = pushAsync(t.ch, 'act', { action: 'spin', bet, key }); // the catalogue queues up behind it
    const refused = sendCatalogue(t, { legal: 'spin', money: (x) => `{"action":"spin","bet":${x}}` });
    const spun = await spinning;
    assert.equal(spun.status, 'ok', JSON.stringify(spun.response));
    expected += spun.response.win - bet;
    await refused;
    await reuseKey(key, t, { payload: { action: 'spin', bet, key }, reply: spun });
    // The reply to this spin is lost with the socket; the client retries it with its key after the reconnect.
    const key2 = crypto.randomUUID();
    void pushAsync(t.ch, 'act', { action: 'spin', bet, key: key2 });
    await overTheLimit(t, 'spin');
    const retried = await pushAsync(t.ch, 'act', { action: 'spin', bet, key: key2 });
    assert.equal(retried.status, 'ok', JSON.stringify(retried.response));
    assert.equal(retried.response.round_id, roundIdFor(t.id, hostile.player_id, key2));
    expected += retried.response.win - bet;
    assert.deepEqual(await pushAsync(t.ch, 'act', { action: 'spin', bet, key: key2 }), retried, 'one spin, however often it is retried');
    await tableIntact(t, pid, spun.response.round_id);
    assert.deepEqual(await roundRow(retried.response.round_id), { status: 'settled', resolution: 'normal' });
    assert.equal(await balance(hostile), expected);
    await bystanderUndisturbed();
  });

  it('roulette: the catalogue between the bet and the spin; the spin pays what the wheel shows', async () => {
    const t = await open(hs, await find(hs, 'roulette', false));
    const pid = pidOf(t.id);
    const key = crypto.randomUUID();
    const bets = [{ type: 'red', amount: 100 }];
    const bet = await pushAsync(t.ch, 'act', { action: 'bet', bets, key });
    assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
    const roundId = bet.response.round_id as string;
    expected -= 100;
    await sendCatalogue(t, { legal: 'spin', money: (x) => `{"action":"bet","bets":[{"type":"red","amount":${x}}]}` });
    await reuseKey(key, t, { payload: { action: 'bet', bets, key }, reply: bet });
    await overTheLimit(t, 'spin');
    await tableIntact(t, pid, roundId);
    assert.equal((await roundRow(roundId))!.status, 'open', 'the catalogue came mid-round');
    const spin = await pushAsync(t.ch, 'act', { action: 'spin' });
    assert.equal(spin.status, 'ok', JSON.stringify(spin.response));
    assert.equal(spin.response.round_id, roundId);
    const won = roulette.settle(roulette.parseBets(0, bets) as roulette.PlacedBet[], spin.response.number).reduce((a, x) => a + x.won, 0);
    assert.equal(spin.response.win, won, 'the red bet pays as the number says');
    expected += won;
    assert.deepEqual(await roundRow(roundId), { status: 'settled', resolution: 'normal' });
    assert.equal(await balance(hostile), expected);
    await bystanderUndisturbed();
  });

  it('baccarat: the catalogue inside the betting window; the coup is dealt when the window closes', async () => {
    const t = await open(hs, 'baccarat-1');
    const pid = pidOf(t.id);
    assert.equal((await pushAsync(t.ch, 'sit', {})).status, 'ok');
    const key = crypto.randomUUID();
    const bets = [{ on: 'banker', amount: 100 }];
    const bet = await pushAsync(t.ch, 'act', { action: 'bet', bets, key });
    assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
    const roundId = bet.response.round_id as string;
    expected -= 100;
    await sendCatalogue(t, { legal: 'bet', money: (x) => `{"action":"bet","bets":[{"on":"banker","amount":${x}}]}` });
    await reuseKey(key, t, { payload: { action: 'bet', bets, key }, reply: bet });
    await overTheLimit(t, 'bet');
    await tableIntact(t, pid, roundId);
    assert.equal((await roundRow(roundId))!.status, 'open', 'the catalogue came inside the window');
    await waitFor('the coup', () => t.events.some((e) => e.type === 'settled' && e.round_id === roundId), 10_000);
    const settled = t.events.find((e) => e.type === 'settled' && e.round_id === roundId);
    expected += settled.results.find((x: any) => x.player_id === hostile.player_id).won; // checked by the replay below
    assert.deepEqual(await roundRow(roundId), { status: 'settled', resolution: 'normal' });
    assert.equal((await server.services.ledger!.rounds.replay(roundId))?.ok, true, 'the coup is the one its seeds deal');
    assert.equal((await pushAsync(t.ch, 'leave_seat', {})).status, 'ok');
    assert.equal(await balance(hostile), expected);
    await bystanderUndisturbed();
  });

  it('blackjack: the catalogue while a hand that is behind waits for the player; standing pays what the seeds say', async () => {
    const t = await open(hs, await find(hs, 'blackjack', false));
    const pid = pidOf(t.id);
    assert.equal((await pushAsync(t.ch, 'sit', {})).status, 'ok');
    const ledger = server.services.ledger!;
    const standingPays = async (id: string) => {
      const j = (await ledger.rounds.getRevealed(id))!;
      return blackjackStanding({ serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce }, 1000);
    };
    const settled = (id: string) => t.events.some((e) => e.type === 'settled' && e.round_id === id);
    const deciding = (id: string) => t.state?.round_id === id && t.state.game.tag === 'playing';
    // Behind: 16 or less against a dealer showing 7 or better — the hand a cheat would like voided.
    const behind = () => t.state.game.seats[0].hands[0].total <= 16 && '789TJQKA'.includes(t.state.game.dealer[0][0]);
    // The player's own legal play: decline insurance, stand on every hand.
    const standOut = async (id: string) => {
      for (let i = 0; i < 10 && !settled(id); i++) {
        const seq = t.state.seq;
        const r = await pushAsync(t.ch, 'act', { action: t.state.game.tag === 'insurance' ? 'no_insurance' : 'stand' });
        assert.equal(r.status, 'ok', JSON.stringify(r.response));
        await waitFor('the next step', () => t.state.seq > seq || settled(id));
      }
      await waitFor('the settlement', () => settled(id));
      expected += await standingPays(id);
    };
    let roundId = '';
    let key = '';
    let bet: any = null;
    for (let attempt = 0; ; attempt++) {
      assert.ok(attempt < 60, 'sixty deals without a hand that is behind');
      key = crypto.randomUUID();
      bet = await pushAsync(t.ch, 'act', { action: 'bet', amount: 1000, key });
      assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
      roundId = bet.response.round_id;
      expected -= 1000;
      await waitFor('the deal', () => deciding(roundId) || t.state?.game?.tag === 'insurance' || settled(roundId));
      if (deciding(roundId) && behind()) break;
      await standOut(roundId); // not behind (or a natural, or insurance offered): play it out and deal again
    }
    await sendCatalogue(t, { legal: 'stand', money: (x) => `{"action":"bet","amount":${x}}` });
    await reuseKey(key, t, { payload: { action: 'bet', amount: 1000, key }, reply: bet });
    await overTheLimit(t, 'stand');
    await tableIntact(t, pid, roundId);
    assert.equal((await roundRow(roundId))!.status, 'open', 'the hand still waits for the player');
    assert.ok(deciding(roundId) && behind(), 'the same hand, still behind');
    await standOut(roundId);
    assert.deepEqual(await roundRow(roundId), { status: 'settled', resolution: 'normal' });
    assert.equal(await balance(hostile), expected);
    await bystanderUndisturbed();
  });

  it("hold'em: the catalogue while the player faces a bet; the fold loses exactly what was put in", async () => {
    const opponent = await newGuest(server.url, 'opponent');
    const o = await open(connect(opponent), 'holdem-1');
    const t = await open(hs, 'holdem-1');
    const pid = pidOf('holdem-1');
    assert.equal((await pushAsync(t.ch, 'sit', { buy_in: 5000 })).status, 'ok');
    assert.equal((await pushAsync(o.ch, 'sit', { buy_in: 5000 })).status, 'ok');
    expected -= 5000;
    const me = () => t.state.game.hand.seats.find((s: any) => s.player_id === hostile.player_id);
    await waitFor('a hand', () => typeof t.state?.game?.hand?.to_act === 'number' && t.state.round_id !== null, 15_000);
    const roundId = t.state.round_id as string;
    if (t.state.game.hand.to_act !== me().seat) {
      assert.equal((await pushAsync(o.ch, 'act', { action: 'raise', amount: 400 })).status, 'ok');
      await waitFor('the raise to reach the player', () => t.state.game.hand.to_act === me().seat);
    }
    const committed = me().committed as number;
    assert.ok(committed > 0 && t.state.game.hand.current_bet > committed, 'the player faces a bet');
    await sendCatalogue(t, { legal: 'fold', money: (x) => `{"action":"raise","amount":${x}}` });
    await overTheLimit(t, 'fold');
    await tableIntact(t, pid, roundId);
    assert.equal((await roundRow(roundId))!.status, 'open');
    assert.equal(t.state.game.hand.to_act, me().seat, 'still the player’s decision');
    // A key belongs to its player: first spent on a spin at the side table, it answers that
    // spin here too, and the fold it now carries does not happen.
    const key = crypto.randomUUID();
    await reuseKey(key, t, null);
    const spent = await pushAsync(t.ch, 'act', { action: 'fold', key });
    assert.ok(Array.isArray(spent.response.window), 'the side table’s first answer');
    assert.equal(t.state.game.hand.to_act, me().seat, 'the fold did not happen');
    const foldKey = crypto.randomUUID();
    const fold = await pushAsync(t.ch, 'act', { action: 'fold', key: foldKey });
    assert.equal(fold.status, 'ok', JSON.stringify(fold.response));
    assert.deepEqual(await pushAsync(t.ch, 'act', { action: 'fold', key: foldKey }), fold);
    await waitFor('the hand to settle', () => t.events.some((e) => e.type === 'settled' && e.round_id === roundId));
    // Both leave before the next hand (dealt 2 s after this one): the chips go home.
    for (const r of await Promise.all([pushAsync(t.ch, 'leave_seat', {}), pushAsync(o.ch, 'leave_seat', {})])) assert.equal(r.status, 'ok', JSON.stringify(r.response));
    expected += 5000 - committed;
    assert.deepEqual(await roundRow(roundId), { status: 'settled', resolution: 'normal' });
    assert.equal(await balance(hostile), expected);
    assert.equal(await balance(opponent), opponent.balance + committed);
    await bystanderUndisturbed();
  });

  it('leaves no channel crashed, the ledger balanced with no open round, every round replaying to its record, the audit chain intact', async () => {
    assert.deepEqual(hostileCloses, [1009, 1009, 1009, 1009, 1009], 'the hostile socket closed only for its oversized frames');
    assert.deepEqual(serverErrors, [], 'no channel crashed');
    await bystanderUndisturbed();
    const ledger = server.services.ledger!;
    const check = await ledger.check();
    assert.equal(check.sum, 0);
    assert.equal(check.open_rounds, 0);
    assert.ok(check.ok, JSON.stringify(check));
    const rounds = await ledger.store.query<{ id: string; resolution: string }>('SELECT id, resolution FROM rounds ORDER BY opened_at');
    assert.deepEqual(rounds.filter((r) => r.resolution !== 'normal'), [], 'nothing refunded or completed by recovery');
    for (const { id } of rounds) {
      const rep = await ledger.rounds.replay(id);
      assert.equal(rep?.ok, true, `${id}: ${JSON.stringify(rep?.mismatches)}`);
    }
    const audit = await ledger.verifyAudit();
    assert.ok(audit.ok && audit.rows > 0, JSON.stringify(audit));
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });
});
