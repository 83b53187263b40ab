// A slots table end to end: the official client finds a table, sits by spinning, plays
// with idempotency keys, is refused bad bets with the contract's reasons, survives a
// table crash, and the ledger balances to the unit afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, Socket } from 'phoenix';
import { exit } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from './helpers.ts';

async function balanceOf(server: RunningServer, token: string): Promise<number> {
  const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { balance: number }).balance;
}

describe('a slots table over the official phoenix client', () => {
  let server: RunningServer;
  let alice: Guest;
  let socket: Socket;
  let lobby: Channel;
  let table: Channel;
  let tableId: string;
  const events: any[] = [];
  const states: any[] = [];
  const notices: any[] = [];

  before(async () => {
    server = await startTestServer({ PITBOSS_GUEST_BALANCE: '5000' });
    alice = await newGuest(server.url, 'alice');
    socket = clientSocket(server.port, { params: { token: alice.token } });
    socket.connect();
    lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
  });
  after(async () => {
    socket.disconnect();
    await server.stop();
  });

  it('lists the default tables in the lobby and over HTTP', async () => {
    const res = await pushAsync(lobby, 'tables', {});
    const ids = res.response.tables.map((t: { id: string }) => t.id);
    assert.ok(ids.includes('slots-1'), ids.join());
    const http = (await (await fetch(`${server.url}/api/tables`)).json()) as { tables: Array<Record<string, unknown>> };
    const slots = http.tables.find((t) => t['id'] === 'slots-1')!;
    assert.deepEqual(Object.keys(slots).sort(), ['game', 'id', 'max_bet', 'min_bet', 'name', 'players', 'seats', 'shared']);
  });

  it('finds a single-player table and joins it as a spectator with a state', async () => {
    const found = await pushAsync(lobby, 'find_table', { game: 'slots' });
    assert.equal(found.status, 'ok');
    tableId = found.response.id;
    assert.notEqual(tableId, 'slots-1', 'single-player games get a table of their own');
    table = socket.channel(`table:${tableId}`, {});
    table.on('event', (e) => {
      events.push(e);
    });
    table.on('state', (s) => {
      states.push(s);
    });
    table.on('notice', (n) => {
      notices.push(n);
    });
    const joined = await joinAsync(table);
    assert.equal(joined.status, 'ok');
    assert.equal(joined.response.state.table.game, 'slots');
    assert.equal(joined.response.state.game.machine.id, 'classic');
  });

  it('refuses bad bets with the contract reasons and moves no money', async () => {
    const cases: Array<[unknown, string]> = [
      [-20, 'invalid_payload'], [20.5, 'invalid_payload'], ['100', 'invalid_payload'], [0, 'invalid_payload'],
      [10, 'below_min'], [20_000, 'above_max'], [30, 'invalid_payload'], [6000, 'insufficient_funds'],
    ];
    for (const [bet, reason] of cases) {
      const r = await pushAsync(table, 'act', { action: 'spin', bet });
      assert.equal(r.status, 'error', `bet ${bet}`);
      assert.equal(r.response.reason, reason, `bet ${bet}: ${r.response.message}`);
      assert.equal(typeof r.response.message, 'string');
    }
    const junk = [{ action: 'spin' }, { bet: 100 }, { action: 5 }, { action: 'spin', bet: 100, key: 7 }, { action: 'spin', bet: 100, extra: 1 }];
    for (const p of junk) {
      const r = await pushAsync(table, 'act', p);
      assert.equal(r.status, 'error', JSON.stringify(p));
      assert.equal(r.response.reason, 'invalid_payload', JSON.stringify(p));
    }
    // An action the game does not have is invalid_action, as in every game.
    const hit = await pushAsync(table, 'act', { action: 'hit' });
    assert.deepEqual([hit.status, hit.response.reason], ['error', 'invalid_action']);
    assert.equal(await balanceOf(server, alice.token), 5000);
  });

  it('spins: stake, outcome, settlement, balance — and the same key answers twice without paying twice', async () => {
    const first = await pushAsync(table, 'act', { action: 'spin', bet: 100, key: 'spin-1' });
    assert.equal(first.status, 'ok', JSON.stringify(first.response));
    const r = first.response;
    assert.match(r.round_id, /^k_/);
    assert.equal(r.window.length, 5);
    assert.equal(r.window[0].length, 3);
    assert.ok(Number.isSafeInteger(r.win) && r.win >= 0);
    assert.equal(r.balance, 5000 - 100 + r.win);
    const again = await pushAsync(table, 'act', { action: 'spin', bet: 100, key: 'spin-1' });
    assert.deepEqual(again.response, r);
    assert.equal(await balanceOf(server, alice.token), r.balance);
    await waitFor('settled event', () => events.some((e) => e.type === 'settled' && e.round_id === r.round_id));
    const settled = events.find((e) => e.type === 'settled' && e.round_id === r.round_id);
    assert.deepEqual(settled.results, [{ player_id: alice.player_id, staked: 100, won: r.win }]);
    // The player's seed pair draws its later spins too: named by its hash and nonce, revealed only on rotation.
    assert.equal(settled.server_seed, undefined, 'the seed of a pair still in use is not revealed');
    const opened = events.find((e) => e.type === 'round_opened' && e.round_id === r.round_id);
    assert.deepEqual([settled.server_seed_hash, settled.client_seed, settled.nonce], [opened.server_seed_hash, opened.client_seed, 0]);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'seq increases by one per event');
  });

  it('recalls the round over HTTP with stake, payout and balances', async () => {
    const res = await fetch(`${server.url}/api/rounds?limit=5`, { headers: { authorization: `Bearer ${alice.token}` } });
    const body = (await res.json()) as { rounds: any[] };
    assert.equal(body.rounds.length, 1);
    const [r] = body.rounds;
    assert.equal(r.game, 'slots');
    assert.equal(r.stake, 100);
    assert.equal(r.balance_before, 5000);
    assert.equal(r.balance_after, 5000 - 100 + r.payout);
    assert.deepEqual([r.server_seed, r.seed_reveal, r.nonce], [null, 'retired', 0], 'revealed when the seed pair is rotated');
    assert.equal(r.outcome.window.length, 5);
  });

  it('resumes missed events from a seq, or says too_old', async () => {
    const last = events.at(-1).seq;
    const res = await pushAsync(table, 'resume', { since: last - 2 });
    assert.deepEqual(res.response.events.map((e: { seq: number }) => e.seq), [last - 1, last]);
    const bad = await pushAsync(table, 'resume', { since: -1 });
    assert.equal(bad.response.reason, 'invalid_payload');
  });

  it('survives a table crash: the table is back, the player gets a fresh state and a notice, other tables untouched', async () => {
    const otherBefore = server.services.tables!.lookup('slots-1');
    const pid = server.services.tables!.lookup(tableId)!;
    const statesBefore = states.length;
    exit(pid, 'kill');
    await waitFor('restarted', () => {
      const now = server.services.tables!.lookup(tableId);
      return now !== undefined && now !== pid;
    }, 2000);
    await waitFor('fresh state and notice', () => states.length > statesBefore && notices.some((n) => n.kind === 'table_restarted'));
    assert.equal(server.services.tables!.lookup('slots-1'), otherBefore);
    const spin = await pushAsync(table, 'act', { action: 'spin', bet: 40, key: 'after-crash' });
    assert.equal(spin.status, 'ok', JSON.stringify(spin.response));
  });

  it('leaves the ledger balanced to the unit', async () => {
    const check = await server.services.ledger!.check();
    assert.equal(check.sum, 0);
    assert.equal(check.negative_balances, 0);
    assert.equal(check.open_rounds, 0);
    assert.equal(check.ok, true);
  });
});
