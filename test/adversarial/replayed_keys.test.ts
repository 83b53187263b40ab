// The attack: send an act with a key, make the table forget it (a crash, a server
// restart, a player who left), and send the same key again. The answer must be the first
// one — the same round, the same win — and no money may move twice.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Socket } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from '../integration/helpers.ts';

const balanceOf = async (server: RunningServer, g: Guest): Promise<number> =>
  ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${g.token}` } })).json()) as { balance: number }).balance;

const restarts = new WeakMap<Channel, number>();

/** Kills the table's process and waits until the channel is attached to the new one. */
async function killTable(server: RunningServer, id: string, ch: Channel): Promise<void> {
  const seen = restarts.get(ch) ?? 0;
  exit(server.services.tables!.lookup(id)!, 'kill');
  await waitFor('table restarted', () => (restarts.get(ch) ?? 0) > seen);
}

async function ledgerBalanced(server: RunningServer): Promise<void> {
  const check = await server.services.ledger!.check();
  assert.deepEqual([check.sum, check.negative_balances, check.open_rounds, check.ok], [0, 0, 0, true]);
}

interface Player {
  guest: Guest;
  socket: Socket;
  lobby: Channel;
}

async function connect(server: RunningServer, name: string, sockets: Socket[]): Promise<Player> {
  const guest = await newGuest(server.url, name);
  const socket = clientSocket(server.port, { params: { token: guest.token } });
  socket.connect();
  sockets.push(socket);
  const lobby = socket.channel('lobby', {});
  assert.equal((await joinAsync(lobby)).status, 'ok');
  return { guest, socket, lobby };
}

async function openTable(p: Player, id: string, on: { state?: (s: any) => void; event?: (e: any) => void } = {}): Promise<Channel> {
  const ch = p.socket.channel(`table:${id}`, {});
  if (on.state) ch.on('state', on.state);
  if (on.event) ch.on('event', on.event);
  ch.on('notice', (n) => {
    if (n.kind === 'table_restarted') restarts.set(ch, (restarts.get(ch) ?? 0) + 1);
  });
  const joined = await joinAsync(ch);
  assert.equal(joined.status, 'ok', JSON.stringify(joined.response));
  on.state?.(joined.response.state);
  return ch;
}

describe('a repeated key after the table forgot it', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '5000', PITBOSS_TURN_MS: '60000', PITBOSS_BETTING_MS: '300' });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('slots: the same key after a table crash answers the first spin (same round, same win) and charges once', async () => {
    const alice = await connect(server, 'alice', sockets);
    const id = (await pushAsync(alice.lobby, 'find_table', { game: 'slots' })).response.id as string;
    const ch = await openTable(alice, id);
    const first = await pushAsync(ch, 'act', { action: 'spin', bet: 100, key: 'K' });
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    await killTable(server, id, ch);
    const again = await pushAsync(ch, 'act', { action: 'spin', bet: 100, key: 'K' });
    assert.deepEqual(again, first, 'the first answer, not round_closed');
    assert.equal(await balanceOf(server, alice.guest), 5000 - 100 + first.response.win);
    // The same key at another table is the same action: its first answer, nothing staked.
    // (find_table would return alice's own table again: the default machine is another table.)
    const other = 'slots-1';
    assert.notEqual(other, id);
    const elsewhere = await pushAsync(await openTable(alice, other), 'act', { action: 'spin', bet: 40, key: 'K' });
    assert.deepEqual(elsewhere, first);
    assert.equal(await balanceOf(server, alice.guest), 5000 - 100 + first.response.win);
    const staked = await server.services.ledger!.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM round_stakes WHERE player_id = $1', [alice.guest.player_id]);
    assert.equal(staked[0]!.n, 1, 'one stake in the whole ledger');
    await ledgerBalanced(server);
  });

  it('slots: a refused act does not use up its key; a retry with it may succeed', async () => {
    const bob = await connect(server, 'bob', sockets);
    const id = (await pushAsync(bob.lobby, 'find_table', { game: 'slots' })).response.id as string;
    const ch = await openTable(bob, id);
    const refused = await pushAsync(ch, 'act', { action: 'spin', bet: 6000, key: 'R' });
    assert.deepEqual([refused.status, refused.response.reason], ['error', 'insufficient_funds']);
    await killTable(server, id, ch);
    const ok = await pushAsync(ch, 'act', { action: 'spin', bet: 100, key: 'R' });
    assert.equal(ok.status, 'ok', JSON.stringify(ok.response));
    assert.equal(await balanceOf(server, bob.guest), 5000 - 100 + ok.response.win);
    await ledgerBalanced(server);
  });

  it('slots: a player who left the table is forgotten by it; the ledger still knows the key', async () => {
    const carol = await connect(server, 'carol', sockets);
    const id = (await pushAsync(carol.lobby, 'find_table', { game: 'slots' })).response.id as string;
    const ch = await openTable(carol, id);
    const first = await pushAsync(ch, 'act', { action: 'spin', bet: 100, key: 'L' });
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    assert.equal((await pushAsync(ch, 'leave_seat', {})).status, 'ok');
    await new Promise<void>((resolve) => ch.leave().receive('ok', () => resolve()));
    const back = await openTable(carol, id);
    const again = await pushAsync(back, 'act', { action: 'spin', bet: 100, key: 'L' });
    assert.deepEqual(again, first, 'answered from the ledger');
    // With the ledger's row gone too, only the table's memory could answer: it forgot.
    await server.services.ledger!.store.query('DELETE FROM action_keys WHERE player_id = $1', [carol.guest.player_id]);
    await pushAsync(back, 'leave_seat', {});
    await new Promise<void>((resolve) => back.leave().receive('ok', () => resolve()));
    const third = await pushAsync(await openTable(carol, id), 'act', { action: 'spin', bet: 100, key: 'L' });
    assert.deepEqual([third.status, third.response.reason], ['error', 'round_closed'],
      'not the remembered answer; the round id derived from the key still refuses a second stake');
    assert.equal(await balanceOf(server, carol.guest), 5000 - 100 + first.response.win);
  });

  it('slots: a key whose first act never answered is refused with key_pending, not played again', async () => {
    const dave = await connect(server, 'dave', sockets);
    const id = (await pushAsync(dave.lobby, 'find_table', { game: 'slots' })).response.id as string;
    const ch = await openTable(dave, id);
    // What a table that crashed in the middle of an act leaves: a claimed key, no reply.
    assert.deepEqual(await server.services.ledger!.keys.claim(dave.guest.player_id, 'P', 'blackjack-1'), { type: 'new' });
    const r = await pushAsync(ch, 'act', { action: 'spin', bet: 100, key: 'P' });
    assert.deepEqual([r.status, r.response.reason, r.response.table_id], ['error', 'key_pending', 'blackjack-1']);
    assert.equal(await balanceOf(server, dave.guest), 5000);
  });

  it('blackjack: a bet, a double, a crash — the same keys answer as the first time, one stake each', async () => {
    const erin = await connect(server, 'erin', sockets);
    const id = (await pushAsync(erin.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id as string;
    let state: any = null;
    const ch = await openTable(erin, id, { state: (s) => { state = s; } });
    const seat = () => state.seats.find((s: any) => s.player_id === erin.guest.player_id)?.seat;
    const myTurn = () => state.game.tag === 'playing' && state.game.turn.seat === seat() && state.round_id !== null;
    /** Bets with fresh keys until a round waits for this player's move (naturals settle at once). */
    const betUntilPlaying = async (): Promise<{ key: string; reply: any }> => {
      for (let i = 0; i < 30; i++) {
        const key = crypto.randomUUID();
        const reply = await pushAsync(ch, 'act', { action: 'bet', amount: 100, key });
        assert.equal(reply.status, 'ok', JSON.stringify(reply.response));
        await waitFor('dealt', () => state.round_id !== reply.response.round_id || ['playing', 'insurance'].includes(state.game.tag));
        if (state.game.tag === 'insurance') await pushAsync(ch, 'act', { action: 'no_insurance' });
        if (myTurn()) return { key, reply };
        await waitFor('settled', () => state.round_id === null);
      }
      assert.fail('no playable hand in 30 rounds');
    };
    const rounds = async () => (await server.services.ledger!.store.query<{ round_id: string; n: number }>(
      `SELECT round_id, (SELECT count(*)::int FROM round_stake_adds a WHERE a.round_id = s.round_id) AS n
         FROM round_stakes s WHERE player_id = $1 ORDER BY round_id`, [erin.guest.player_id]));

    // A round left open by the crash: recovery stands for her; the bet's key still answers.
    const a = await betUntilPlaying();
    const before = await rounds();
    await killTable(server, id, ch);
    await waitFor('round resolved', () => state.round_id === null);
    assert.deepEqual(await pushAsync(ch, 'act', { action: 'bet', amount: 100, key: a.key }), a.reply);
    assert.deepEqual(await rounds(), before, 'no second round, no added stake');

    // A double (a second stake) in a settled round, then a crash: both keys answer as before.
    const b = await betUntilPlaying();
    const doubled = await pushAsync(ch, 'act', { action: 'double', key: 'D' });
    assert.equal(doubled.status, 'ok', JSON.stringify(doubled.response));
    await waitFor('settled', () => state.round_id === null);
    const settledRounds = await rounds();
    await killTable(server, id, ch);
    assert.deepEqual(await pushAsync(ch, 'act', { action: 'double', key: 'D' }), doubled);
    assert.deepEqual(await pushAsync(ch, 'act', { action: 'bet', amount: 100, key: b.key }), b.reply);
    assert.deepEqual(await rounds(), settledRounds, 'no round opened, no stake added by the repeats');
    assert.equal(settledRounds.find((r) => r.round_id === b.reply.response.round_id)!.n, 1, 'the double staked once');

    const net = await server.services.ledger!.store.query<{ net: number }>(
      'SELECT coalesce(sum(payout - stake), 0)::int AS net FROM round_results WHERE player_id = $1', [erin.guest.player_id]);
    assert.equal(await balanceOf(server, erin.guest), 5000 + net[0]!.net);
    await ledgerBalanced(server);
  });
});

describe('a repeated key after a server restart (PGlite on disk)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-keys-'));
  const env = { PITBOSS_DATA_DIR: dir, PITBOSS_SECRET: 'k'.repeat(40), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PITBOSS_GUEST_BALANCE: '5000' };
  const sockets: Socket[] = [];
  after(() => {
    for (const s of sockets) s.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the first spin from the ledger and charges once', async () => {
    let server = await startServer(loadConfig(env));
    const p = await connect(server, 'frank', sockets);
    const first = await pushAsync(await openTable(p, 'slots-1'), 'act', { action: 'spin', bet: 100, key: 'S' });
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    p.socket.disconnect();
    await server.stop();

    server = await startServer(loadConfig(env));
    try {
      const socket = clientSocket(server.port, { params: { token: p.guest.token } });
      socket.connect();
      sockets.push(socket);
      const again = await pushAsync(await openTable({ ...p, socket }, 'slots-1'), 'act', { action: 'spin', bet: 100, key: 'S' });
      assert.deepEqual(again, first);
      assert.equal(await balanceOf(server, p.guest), 5000 - 100 + first.response.win);
      await ledgerBalanced(server);
    } finally {
      await server.stop();
    }
  });
});
