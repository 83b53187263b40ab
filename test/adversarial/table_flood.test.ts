// find_table as a flood: every request for a single-player game used to create a table,
// so two guests could fill the node's 10,000 tables in minutes. A private table is now
// its player's own — asking again returns it — and one player holds at most four.
// A table that fails to start leaves nothing behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';

describe('find_table cannot flood the node with tables', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('returns the player’s own table again, caps private tables per player, and frees the cap when one closes', async () => {
    const g = await newGuest(server.url, 'flooder');
    const s = clientSocket(server.port, { params: { token: g.token } });
    s.connect();
    sockets.push(s);
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    const tablesBefore = (await server.services.tables!.list()).length;
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add((await pushAsync(lobby, 'find_table', { game: 'slots' })).response.id);
    assert.equal(ids.size, 1, '200 requests, one table');
    const games = ['roulette', 'blackjack', 'baccarat'];
    for (const game of games) assert.equal((await pushAsync(lobby, 'find_table', { game, shared: false })).status, 'ok');
    const over = await pushAsync(lobby, 'find_table', { game: 'holdem', shared: false });
    assert.deepEqual([over.status, over.response.reason], ['error', 'table_limit']);
    // Another min_bet is another table, but still one of the player's four: no way around the cap.
    for (const minBet of [25, 30, 35]) {
      const r = await pushAsync(lobby, 'find_table', { game: 'slots', min_bet: minBet });
      assert.deepEqual([r.status, r.response.reason], ['error', 'table_limit'], `min_bet ${minBet}`);
    }
    assert.equal((await server.services.tables!.list()).length, tablesBefore + 4);
    // Another player is not affected by the first one's cap.
    const other = await newGuest(server.url, 'other');
    const os = clientSocket(server.port, { params: { token: other.token } });
    os.connect();
    sockets.push(os);
    const olobby = os.channel('lobby', {});
    await joinAsync(olobby);
    const theirs = (await pushAsync(olobby, 'find_table', { game: 'slots' })).response.id;
    assert.ok(!ids.has(theirs), 'each player has a table of their own');
    // One of the first player's tables closes (stopped cleanly): the cap frees up.
    const slotsId = [...ids][0]!;
    const { stop } = await import('../../src/runtime/index.ts');
    await stop(server.services.tables!.lookup(slotsId)!, 'normal');
    await waitFor('the closed table forgotten', () => server.services.tables!.gameOf(slotsId) === undefined);
    const again = await pushAsync(lobby, 'find_table', { game: 'holdem', shared: false });
    assert.equal(again.status, 'ok');
  });

  it('counts every private table against the cap, whatever its min_bet', async () => {
    const g = await newGuest(server.url, 'minbets');
    const s = clientSocket(server.port, { params: { token: g.token } });
    s.connect();
    sockets.push(s);
    const lobby = s.channel('lobby', {});
    await joinAsync(lobby);
    const replies = [];
    for (const minBet of [20, 40, 60, 80, 100, 120, 140]) replies.push(await pushAsync(lobby, 'find_table', { game: 'slots', min_bet: minBet }));
    assert.deepEqual(replies.map((r) => r.status), ['ok', 'ok', 'ok', 'ok', 'error', 'error', 'error']);
    assert.equal(replies[4]!.response.reason, 'table_limit');
    // Asking again for one of them returns it.
    assert.equal((await pushAsync(lobby, 'find_table', { game: 'slots', min_bet: 40 })).response.id, replies[1]!.response.id);
  });

  it('a table that fails to start leaves nothing behind', async () => {
    const tables = server.services.tables!;
    const before = (await tables.list()).length;
    await assert.rejects(tables.create('blackjack', { options: { rules: { decks: 0 } } }));
    assert.equal((await tables.list()).length, before);
    const failed = await tables.create('blackjack', { id: 'broken-1', options: { rules: { decks: 0 } } }).catch(() => null);
    assert.equal(failed, null);
    assert.equal(tables.gameOf('broken-1'), undefined, 'its config is forgotten');
    await tables.create('blackjack', { id: 'broken-1' }); // and the id is free to use again
    assert.equal(tables.gameOf('broken-1')?.game, 'blackjack');
  });
});
