// A crash is never a way to change an outcome. A blackjack hand and a hold'em hand are
// interrupted by killing their table mid-play (as a crash would); the restarted table
// completes each round from its journal with the clock's defaults — the player standing,
// the hold'em player to act checking or folding — and pays exactly what an independent
// oracle (the pure engine, fed the same seeds and those defaults) says. Nothing is
// refunded, the table takes its seats and stacks back, and the ledger stays balanced.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from '../integration/helpers.ts';
import { blackjackStanding } from './crash_oracles.ts';


describe('an interrupted round is completed, never refunded', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  const connect = (g: Guest) => {
    const s = clientSocket(server.port, { params: { token: g.token } });
    s.connect();
    sockets.push(s);
    return s;
  };
  const store = () => server.services.ledger!.store;
  const roundRow = async (id: string) => (await store().query<{ status: string; resolution: string | null }>('SELECT status, resolution FROM rounds WHERE id = $1', [id]))[0];

  before(async () => {
    server = await startTestServer({ PITBOSS_TURN_MS: '60000', PITBOSS_BETTING_MS: '60000' });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('blackjack: a hand killed while the player decides is stood and paid as the seeds say', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const g = await newGuest(server.url, `bj${attempt}`);
      const socket = connect(g);
      const lobby = socket.channel('lobby', {});
      await joinAsync(lobby);
      const id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id as string;
      const ch = socket.channel(`table:${id}`, {});
      let state: any = null;
      const notices: any[] = [];
      ch.on('state', (st) => { state = st; });
      ch.on('notice', (n) => { notices.push(n); });
      await joinAsync(ch);
      await pushAsync(ch, 'sit', {});
      assert.equal((await pushAsync(ch, 'act', { action: 'bet', amount: 1000 })).status, 'ok');
      await waitFor('the deal', () => state?.round_id === null || state?.game?.tag === 'playing' || state?.game?.tag === 'insurance');
      if (state.round_id === null) continue; // a natural settled at once: deal again until the player must decide
      const roundId = state.round_id as string;
      exit(server.services.tables!.lookup(id)!, 'kill');
      await waitFor('the restart notice', () => notices.some((n) => n.kind === 'table_restarted'));
      const row = await roundRow(roundId);
      assert.deepEqual(row, { status: 'settled', resolution: 'completed' }, 'completed by the clock, not refunded');
      const j = (await server.services.ledger!.rounds.getRevealed(roundId))!;
      const paid = j.results.reduce((t, x) => t + x.payout, 0);
      assert.equal(paid, blackjackStanding({ serverSeed: j.serverSeed!, clientSeed: j.clientSeed, nonce: j.nonce }, 1000));
      const me = await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${g.token}` } })).json() as { balance: number };
      assert.equal(me.balance, 100_000 - 1000 + paid);
      // The table is back with its seat: the player bets again without sitting down.
      await waitFor('a fresh state', () => state?.round_id === null);
      assert.deepEqual(state.seats.map((s: any) => s.player_id), [g.player_id]);
      assert.equal((await pushAsync(ch, 'act', { action: 'bet', amount: 100 })).status, 'ok');
      const check = await server.services.ledger!.check();
      assert.equal(check.sum, 0);
      return;
    }
    assert.fail('twenty deals in a row were naturals');
  });

  it("hold'em: a hand killed mid-street is played on by the clock, stacks and button come back", async () => {
    const ps: Array<{ g: Guest; ch: Channel; state: any; notices: any[] }> = [];
    for (const name of ['hx', 'hy', 'hz']) {
      const g = await newGuest(server.url, name);
      const ch = connect(g).channel('table:holdem-1', {});
      const p = { g, ch, state: null as any, notices: [] as any[] };
      ch.on('state', (st) => { p.state = st; });
      ch.on('notice', (n) => { p.notices.push(n); });
      await joinAsync(ch);
      assert.equal((await pushAsync(ch, 'sit', { buy_in: 5000 })).status, 'ok');
      ps.push(p);
    }
    await waitFor('a hand', () => ps[0]!.state?.game?.hand?.to_act !== undefined && ps[0]!.state?.round_id, 15_000);
    const roundId = ps[0]!.state.round_id as string;
    // One player bets, so the hand has money on the line beyond the blinds; then the crash.
    const actor = ps.find((p) => p.state.game.hand.to_act === p.state.seats.find((s: any) => s.player_id === p.g.player_id)?.seat)!;
    assert.equal((await pushAsync(actor.ch, 'act', { action: 'raise', amount: 400 })).status, 'ok');
    const button = ps[0]!.state.game.button;
    exit(server.services.tables!.lookup('holdem-1')!, 'kill');
    await waitFor('the restart notice', () => ps.every((p) => p.notices.some((n) => n.kind === 'table_restarted')));
    assert.deepEqual(await roundRow(roundId), { status: 'settled', resolution: 'completed' });
    const j = (await server.services.ledger!.rounds.getRevealed(roundId))!;
    // The raiser's opponents timed out: they folded (facing a raise), so the raiser took the pot.
    const net = Object.fromEntries(j.results.map((x) => [x.player, x.payout - x.stake]));
    assert.ok(net[actor.g.player_id]! > 0, `the raiser won the blinds: ${JSON.stringify(net)}`);
    assert.equal(Object.values(net).reduce((a, b) => a + b, 0), 0, 'chips conserved among the players');
    await waitFor('the seats back', () => ps.every((p) => p.state?.seats?.length === 3 && p.state.round_id !== roundId));
    const stacks = ps[0]!.state.game.stacks as Record<string, number>;
    assert.equal(Object.values(stacks).reduce((a, b) => a + b, 0), 15_000);
    assert.equal(stacks[actor.g.player_id], 5000 + net[actor.g.player_id]!);
    assert.equal(ps[0]!.state.game.button, button, 'the button stays where the interrupted hand had it');
    const check = await server.services.ledger!.check();
    assert.equal(check.sum, 0);
  });
});
