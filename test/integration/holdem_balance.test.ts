// A `balance` push on the player channel is the wallet's balance. Hold'em hands stake from
// and pay back into table chips, so they must not push: a push used to report the chip
// stack as the wallet balance after every hand.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { CURRENCY } from '../../src/casino/currency.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from './helpers.ts';

describe("hold'em and the wallet's balance pushes", () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer({ PITBOSS_TURN_MS: '300' });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('pushes the buy-in and the cash-out, each with the wallet balance, and nothing for the hands between', async () => {
    const pushes: Record<string, any[]> = {};
    const players: Array<{ g: { player_id: string }; t: import('phoenix').Channel; events: any[] }> = [];
    for (const name of ['wal', 'wes']) {
      const g = await newGuest(server.url, name);
      const s = clientSocket(server.port, { params: { token: g.token } });
      s.connect();
      sockets.push(s);
      const me = s.channel(`player:${g.player_id}`, {});
      pushes[g.player_id] = [];
      me.on('balance', (b) => { pushes[g.player_id]!.push(b); });
      await joinAsync(me);
      const t = s.channel('table:holdem-1', {});
      const events: any[] = [];
      t.on('event', (e) => { events.push(e); });
      await joinAsync(t);
      assert.equal((await pushAsync(t, 'sit', { buy_in: 4000 })).status, 'ok');
      players.push({ g, t, events });
    }
    // Nobody acts: the clock checks or folds, hands settle one after another.
    await waitFor('two settled hands', () => players[0]!.events.filter((e) => e.type === 'settled').length >= 2, 20_000);
    for (const p of players) assert.equal((await pushAsync(p.t, 'leave_seat', {})).status, 'ok');
    for (const p of players) {
      const wallet = await server.services.ledger!.wallet.playerBalance(p.g.player_id, CURRENCY);
      await waitFor('the cash-out push', () => pushes[p.g.player_id]!.some((b) => b.reason === 'cash_out'));
      const seen = pushes[p.g.player_id]!;
      assert.deepEqual(seen.map((b) => b.reason), ['buy_in', 'cash_out'], JSON.stringify(seen));
      assert.equal(seen[0].balance, 100_000 - 4000, 'after the buy-in: the wallet, not the stack');
      assert.equal(seen[1].balance, wallet, 'after the cash-out: the wallet');
    }
  });
});
