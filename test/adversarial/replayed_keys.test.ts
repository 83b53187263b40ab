// The attack: send an act with a key, make the table forget it, and send the same key
// again. The answer must be the first one — the same round, the same win — and no money
// may move twice. Here the table forgets because the whole server restarted (PGlite on
// disk); after a table crash or a player who left: test/casino/tables/room.test.ts.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Socket } from 'phoenix';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, type Guest } from '../integration/helpers.ts';

const balanceOf = async (server: RunningServer, g: Guest): Promise<number> =>
  ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${g.token}` } })).json()) as { balance: number }).balance;

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

async function openTable(p: Player, id: string): Promise<Channel> {
  const ch = p.socket.channel(`table:${id}`, {});
  const joined = await joinAsync(ch);
  assert.equal(joined.status, 'ok', JSON.stringify(joined.response));
  return ch;
}

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
