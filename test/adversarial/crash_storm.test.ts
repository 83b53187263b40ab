// A crash storm at one table stays at that table. Killing a private blackjack table again
// and again (faster than any restart budget allows) closes that table on its own budget —
// its open round completed by the clock, never left in escrow — while the supervisor all
// tables share, the channels, the edge and a bystander at another table notice nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import { exit, isAlive } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor, type Guest } from '../integration/helpers.ts';

describe('a table that keeps crashing', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  const connect = (g: Guest) => {
    const s = clientSocket(server.port, { params: { token: g.token } });
    s.connect();
    sockets.push(s);
    return s;
  };
  before(async () => {
    server = await startTestServer({ PITBOSS_TURN_MS: '60000', PITBOSS_BETTING_MS: '60000' });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('is closed on its own restart budget with its round completed; nothing else notices', async () => {
    const bystander = await newGuest(server.url, 'bystander');
    const bs = connect(bystander);
    const other = bs.channel('table:baccarat-1', {});
    const otherErrors: unknown[] = [];
    other.onError((e) => { otherErrors.push(e); });
    await joinAsync(other);

    const g = await newGuest(server.url, 'victim');
    const s = connect(g);
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    let roundId: string | null = null;
    let id = '';
    for (let attempt = 0; attempt < 20 && roundId === null; attempt++) {
      id = (await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false })).response.id;
      const ch = s.channel(`table:${id}`, {});
      let state: any = null;
      ch.on('state', (st) => { state = st; });
      await joinAsync(ch);
      await pushAsync(ch, 'sit', {});
      await pushAsync(ch, 'act', { action: 'bet', amount: 500 });
      await waitFor('the deal', () => state?.round_id === null || state?.game?.tag === 'playing' || state?.game?.tag === 'insurance');
      roundId = state.round_id;
      if (roundId === null) ch.leave();
    }
    assert.ok(roundId, 'a hand where the player must decide');
    const endpoint = server.services.channels!;
    const tablesSup = server.services.tables!.supervisor;
    // Kill it as soon as each incarnation is up, ten times: far past 3 restarts in 10 s.
    for (let kills = 0; kills < 10; kills++) {
      const pid = await server.services.tables!.await(id, 2000);
      if (!pid) break;
      exit(pid, 'kill');
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor('the table is closed', () => server.services.tables!.lookup(id) === undefined && server.services.tables!.gameOf(id) === undefined);
    let row: { status: string; resolution: string | null } | undefined;
    for (let i = 0; i < 200 && row?.status !== 'settled'; i++) {
      [row] = await server.services.ledger!.store.query<{ status: string; resolution: string | null }>('SELECT status, resolution FROM rounds WHERE id = $1', [roundId]);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(row, { status: 'settled', resolution: 'completed' }, 'the closed table’s round was completed, not left in escrow');
    assert.ok(isAlive(tablesSup), 'the tables supervisor lives');
    assert.ok(isAlive(endpoint), 'the channels supervisor lives');
    assert.ok(bs.isConnected() && s.isConnected(), 'no socket dropped');
    assert.deepEqual(otherErrors, [], 'the bystander channel never errored');
    assert.equal((await pushAsync(other, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 100 }] })).response.reason, 'not_seated', 'the other table still answers');
    const check = await server.services.ledger!.check();
    assert.deepEqual([check.sum, check.open_rounds, check.ok], [0, 0, true]);
  });
});
