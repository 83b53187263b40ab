// The lobby's table list is pushed, not polled: over the official phoenix client, a lobby
// member hears `tables_changed` when a table opens, when a seat is taken or freed, and
// when the table closes — each as the listing (`tables`) would show it then.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import { stop } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

type Change = { changed: Array<Record<string, unknown>>; removed: string[] };

describe('the lobby pushes table list changes', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  const connect = async (name: string) => {
    const guest = await newGuest(server.url, name);
    const socket = clientSocket(server.port, { params: { token: guest.token } });
    socket.connect();
    sockets.push(socket);
    const lobby = socket.channel('lobby', {});
    const pushes: Change[] = [];
    lobby.on('tables_changed', (p: Change) => {
      pushes.push(p);
    });
    assert.equal((await joinAsync(lobby)).status, 'ok');
    return { socket, lobby, pushes };
  };
  /** The row of `id` in the latest push that names it: a row, 'removed', or undefined. */
  const latest = (pushes: Change[], id: string) => {
    for (let i = pushes.length - 1; i >= 0; i--) {
      const p = pushes[i]!;
      if (p.removed.includes(id)) return 'removed';
      const row = p.changed.find((r) => r['id'] === id);
      if (row) return row;
    }
    return undefined;
  };

  it('tells a watching member of a new table, its seats and its close, as the listing shows them', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const id = (await pushAsync(bob.lobby, 'find_table', { game: 'blackjack', shared: false })).response.id as string;
    await waitFor('the new table pushed to alice', () => latest(alice.pushes, id) !== undefined);
    const listed = ((await pushAsync(alice.lobby, 'tables', {})).response.tables as Array<Record<string, unknown>>).find((t) => t['id'] === id);
    assert.deepEqual(latest(alice.pushes, id), listed, 'the pushed row is the listing\'s row');
    assert.deepEqual(listed, { id, game: 'blackjack', name: 'Blackjack', seats: 1, players: 0, min_bet: 100, max_bet: 50_000, shared: false });

    const table = bob.socket.channel(`table:${id}`, {});
    assert.equal((await joinAsync(table)).status, 'ok');
    assert.equal((await pushAsync(table, 'sit', {})).status, 'ok');
    await waitFor('the taken seat pushed', () => (latest(alice.pushes, id) as Record<string, unknown>)?.['players'] === 1);
    assert.equal((await pushAsync(table, 'leave_seat', {})).status, 'ok');
    await waitFor('the freed seat pushed', () => (latest(alice.pushes, id) as Record<string, unknown>)?.['players'] === 0);

    stop(server.services.tables!.lookup(id)!, 'normal');
    await waitFor('the close pushed', () => latest(alice.pushes, id) === 'removed');
    assert.equal(((await pushAsync(alice.lobby, 'tables', {})).response.tables as Array<{ id: string }>).some((t) => t.id === id), false);
    // Every member hears it, the one who made the table too.
    assert.equal(latest(bob.pushes, id), 'removed');
  });

  it('loses no table when many open at once (the pushes gather them)', async () => {
    const carol = await connect('carol');
    const ids = Array.from({ length: 30 }, (_, i) => `push-burst-${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => server.services.tables!.create('slots', { id })));
    await waitFor('every new table pushed', () => ids.every((id) => latest(carol.pushes, id) !== undefined));
    for (const id of ids) assert.equal((latest(carol.pushes, id) as Record<string, unknown>)['game'], 'slots', id);
  });
});
