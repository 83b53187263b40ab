// Absent players do not hold a table hostage, and timers never fire late or for the wrong
// turn. (1) A seated hold'em player's client is killed mid-hand: the hand goes on by the
// clock, the player sits out from the next hand, and after the grace the seat is free and
// the chips are back in the wallet. (2) With a slow ledger (every journal write delayed),
// players who always act just before their clock runs out are never timed out: a timer
// that fired while the table was still handling the answer to it is stale and ignored,
// and a turn's clock starts only once everyone has seen that it is that player's turn.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { chipsAccount } from '../../src/casino/tables/chips.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from '../integration/helpers.ts';

interface P { g: Guest; socket: Socket; ch: Channel; state: any; events: any[] }

async function seatPlayers(server: RunningServer, table: string, names: string[], sockets: Socket[]): Promise<P[]> {
  const ps: P[] = [];
  for (const name of names) {
    const g = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: g.token } });
    socket.connect();
    sockets.push(socket);
    const ch = socket.channel(`table:${table}`, {});
    const p: P = { g, socket, ch, state: null, events: [] };
    ch.on('state', (st) => { p.state = st; });
    ch.on('event', (e) => { p.events.push(e); });
    await joinAsync(ch);
    assert.equal((await pushAsync(ch, 'sit', { buy_in: 5000 })).status, 'ok');
    ps.push(p);
  }
  return ps;
}

async function callOrCheck(p: P): Promise<void> {
  const r = await pushAsync(p.ch, 'act', { action: 'call' });
  if (r.status === 'error') await pushAsync(p.ch, 'act', { action: 'check' });
}

const mySeat = (p: P) => p.state?.seats?.find((s: any) => s.player_id === p.g.player_id)?.seat;

describe('absent players and the turn clock', () => {
  const servers: RunningServer[] = [];
  const sockets: Socket[] = [];
  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const s of servers) await s.stop();
  });

  it('a player whose client dies mid-hand is played by the clock, sits out, and loses the seat after the grace', async () => {
    const server = await startTestServer({ PITBOSS_TURN_MS: '800', PITBOSS_SEAT_GRACE_MS: '3000' });
    servers.push(server);
    await server.services.tables!.create('holdem', { id: 'holdem-away', ephemeral: false, options: { hand_delay_ms: 300 } });
    const ps = await seatPlayers(server, 'holdem-away', ['ann', 'ben', 'cyd'], sockets);
    const [ann, , cyd] = ps as [P, P, P];
    await waitFor('a hand', () => ann.state?.game?.hand?.seats?.length === 3, 15_000);
    const firstRound = ann.state.round_id;
    const cydSeat = mySeat(cyd);
    cyd.socket.disconnect(); // killed mid-hand: no leave, no fold
    // The present players keep acting when it is their turn; cyd's turns go by the clock.
    const bots = ps.filter((p) => p !== cyd);
    const acting = setInterval(() => {
      for (const p of bots) {
        const h = p.state?.game?.hand;
        if (h && h.to_act === mySeat(p)) void callOrCheck(p);
      }
    }, 100);
    try {
      await waitFor('the interrupted hand to end', () => ann.state?.round_id !== firstRound, 20_000);
      await waitFor('a hand without cyd', () => ann.state?.game?.hand?.seats?.length === 2, 15_000);
      assert.ok(!ann.state.game.hand.seats.some((p: any) => p.seat === cydSeat), 'cyd is not dealt in');
      await waitFor('cyd’s seat free', () => !ann.state.seats.some((s: any) => s.player_id === cyd.g.player_id), 15_000);
    } finally {
      clearInterval(acting);
    }
    // Cyd's chips went home with the seat.
    const chips = await server.services.ledger!.wallet.balance(chipsAccount('holdem-away', cyd.g.player_id));
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${cyd.g.token}` } })).json()) as { balance: number };
    assert.equal(chips, 0);
    assert.ok(me.balance > 100_000 - 5000 - 1, `cyd's stack is back in the wallet: ${me.balance}`);
    assert.equal((await server.services.ledger!.check()).sum, 0);
  });

  it('with a slow ledger, a player who acts inside the turn is never timed out', async () => {
    const server = await startTestServer({ PITBOSS_TURN_MS: '600' });
    servers.push(server);
    const rounds = server.services.ledger!.rounds;
    const append = rounds.appendAction.bind(rounds);
    rounds.appendAction = async (...args: Parameters<typeof append>) => {
      await new Promise((r) => setTimeout(r, 250)); // a slow ledger
      return append(...args);
    };
    await server.services.tables!.create('holdem', { id: 'holdem-slow', ephemeral: false, options: { hand_delay_ms: 300 } });
    const ps = await seatPlayers(server, 'holdem-slow', ['dee', 'eve'], sockets);
    const acted = new Set<string>();
    // Each player answers its turn 400 ms after seeing it: inside the 600 ms turn, but the
    // 250 ms journal delay then spans the moment its timer would fire (a stale firing).
    const acting = setInterval(() => {
      for (const p of ps) {
        const h = p.state?.game?.hand;
        const key = `${p.state?.round_id}:${p.state?.seq}`;
        if (!h || h.to_act !== mySeat(p) || acted.has(key)) continue;
        acted.add(key);
        setTimeout(() => void callOrCheck(p), 400);
      }
    }, 20);
    try {
      await waitFor('two hands', () => ps[0]!.events.filter((e) => e.type === 'settled').length >= 2, 60_000);
    } finally {
      clearInterval(acting);
    }
    const timeouts = ps[0]!.events.filter((e) => e.type === 'action' && e.timeout);
    assert.deepEqual(timeouts, [], 'nobody was timed out');
  });
});
